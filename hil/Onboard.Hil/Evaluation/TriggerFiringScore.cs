using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>One recorded trigger firing as scored: when and what fired, its clip (empty when suppressed: not scored),
/// and the ground-truth events its clip window holds (none: a false positive).</summary>
public sealed record TriggerFiringScore(
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("sequence")] ulong Sequence,
    [property: JsonPropertyName("time_s")] double TimeS,
    [property: JsonPropertyName("trigger_id")] string TriggerId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("clip_id")] string ClipId,
    [property: JsonPropertyName("suppressed")] bool Suppressed,
    [property: JsonPropertyName("events")] IReadOnlyList<string> Events)
{
    [JsonPropertyName("true_positive")]
    public bool TruePositive => !Suppressed && Events.Count > 0;
}
