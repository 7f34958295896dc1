using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>Per ground-truth event kind (<c>fog</c>, <c>occlusion</c>, …): its events and how many a trigger caught.</summary>
public sealed record EventKindRecall(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("events")] int Events,
    [property: JsonPropertyName("recalled")] int Recalled,
    [property: JsonPropertyName("recall")] double Recall);
