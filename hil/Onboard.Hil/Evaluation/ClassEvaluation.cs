using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>One class in <c>per_class</c>: AP, precision and recall at IoU 0.5, and the frames of its false positives and misses.</summary>
public sealed record ClassEvaluation(
    [property: JsonPropertyName("class_id")] int ClassId,
    [property: JsonPropertyName("class_name")] string ClassName,
    [property: JsonPropertyName("truths")] int Truths,
    [property: JsonPropertyName("detections")] int Detections,
    [property: JsonPropertyName("ap50")] double Ap50,
    [property: JsonPropertyName("ap50_95")] double Ap50To95,
    [property: JsonPropertyName("precision")] double Precision,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("false_positive_frames")] IReadOnlyList<long> FalsePositiveFrames,
    [property: JsonPropertyName("miss_frames")] IReadOnlyList<long> MissFrames,
    [property: JsonIgnore] IReadOnlyList<double> PrecisionAtRecall);
