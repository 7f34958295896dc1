using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>A ground-truth long-tail event as the recording shows it: its name, camera, first and last frame, its time
/// range from the camera's first frame (s), and the trigger rules whose firings caught it (<see cref="TriggerScorer"/>).
/// The capture times of the first and last frame (UTC ns) are what a firing is matched against: exact, unlike seconds.</summary>
public sealed record EventRange(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("camera")] string Camera,
    [property: JsonPropertyName("first_frame")] ulong FirstFrame,
    [property: JsonPropertyName("last_frame")] ulong LastFrame,
    [property: JsonPropertyName("start_s")] double StartS,
    [property: JsonPropertyName("end_s")] double EndS,
    [property: JsonIgnore] long FirstUtcNs,
    [property: JsonIgnore] long LastUtcNs)
{
    /// <summary>Ids of the rules with an admitted firing whose clip window overlaps the event (empty: missed).</summary>
    [JsonPropertyName("caught_by")]
    public IReadOnlyList<string> CaughtBy { get; init; } = [];

    [JsonPropertyName("recalled")]
    public bool Recalled => CaughtBy.Count > 0;
}
