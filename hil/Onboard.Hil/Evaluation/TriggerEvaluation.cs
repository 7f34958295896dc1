using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// Trigger recall (share of injected events caught in a clip) and precision (share of clip-cutting firings whose clip
/// holds an event), overall, per trigger kind and per event kind (<see cref="TriggerScorer"/> says how they match).
/// <see cref="Recall"/> is null without events, <see cref="Precision"/> without admitted firings; <see cref="Recorded"/>
/// is false when the run had no trigger rules and recorded no firing: <see cref="Note"/> says so.
/// </summary>
public sealed record TriggerEvaluation
{
    [JsonPropertyName("recorded")]
    public bool Recorded { get; init; }

    [JsonPropertyName("recall")]
    public double? Recall { get; init; }

    [JsonPropertyName("precision")]
    public double? Precision { get; init; }

    /// <summary>Admitted firings (each in a clip): the ones scored.</summary>
    [JsonPropertyName("firings")]
    public int Firings { get; init; }

    [JsonPropertyName("true_positives")]
    public int TruePositives { get; init; }

    /// <summary>Firings a cooldown or budget kept out of any clip: listed, not scored.</summary>
    [JsonPropertyName("suppressed")]
    public int Suppressed { get; init; }

    [JsonPropertyName("events_recalled")]
    public int EventsRecalled { get; init; }

    [JsonPropertyName("per_kind")]
    public IReadOnlyList<TriggerKindScore> PerKind { get; init; } = [];

    [JsonPropertyName("per_event_kind")]
    public IReadOnlyList<EventKindRecall> PerEventKind { get; init; } = [];

    [JsonPropertyName("events")]
    public required IReadOnlyList<EventRange> Events { get; init; }

    [JsonPropertyName("fired")]
    public IReadOnlyList<TriggerFiringScore> Fired { get; init; } = [];

    [JsonPropertyName("note")]
    public required string Note { get; init; }
}
