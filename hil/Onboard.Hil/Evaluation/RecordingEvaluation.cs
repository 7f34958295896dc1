using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>What <c>onboard hil eval</c> prints (<c>--json</c>: these names).</summary>
public sealed record RecordingEvaluation
{
    [JsonPropertyName("recording")]
    public required string Recording { get; init; }

    [JsonPropertyName("frames")]
    public int Frames { get; init; }

    [JsonPropertyName("map50")]
    public double Map50 { get; init; }

    [JsonPropertyName("map50_95")]
    public double Map50To95 { get; init; }

    [JsonPropertyName("per_class")]
    public required IReadOnlyList<ClassEvaluation> PerClass { get; init; }

    [JsonPropertyName("mota")]
    public double Mota { get; init; }

    [JsonPropertyName("idf1")]
    public double Idf1 { get; init; }

    [JsonPropertyName("hota")]
    public double Hota { get; init; }

    [JsonPropertyName("id_switches")]
    public int IdSwitches { get; init; }

    /// <summary>Per stage (<c>preprocess</c>, <c>infer</c>, …) and <c>end_to_end</c> (capture → published; absent in lockstep).</summary>
    [JsonPropertyName("latency")]
    public required IReadOnlyDictionary<string, LatencyStats> Latency { get; init; }

    [JsonPropertyName("deadline_misses")]
    public int DeadlineMisses { get; init; }

    /// <summary>Frames recorded without a detection list: dropped by the pipeline.</summary>
    [JsonPropertyName("dropped_frames")]
    public required IReadOnlyList<ulong> DroppedFrames { get; init; }

    [JsonPropertyName("triggers")]
    public required TriggerEvaluation Triggers { get; init; }

    /// <summary>For the report's plots; not printed.</summary>
    [JsonIgnore]
    public IReadOnlyList<FrameTiming> Timeline { get; init; } = [];

    [JsonIgnore]
    public IReadOnlyDictionary<string, List<double>> StageSamples { get; init; } = new Dictionary<string, List<double>>();
}
