using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>One trigger kind's share of the score: its admitted firings, how many hold an event (precision, null
/// without firings), and how many of all the events its firings caught (recall, null without events).</summary>
public sealed record TriggerKindScore(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("firings")] int Firings,
    [property: JsonPropertyName("true_positives")] int TruePositives,
    [property: JsonPropertyName("precision")] double? Precision,
    [property: JsonPropertyName("events_recalled")] int EventsRecalled,
    [property: JsonPropertyName("recall")] double? Recall);
