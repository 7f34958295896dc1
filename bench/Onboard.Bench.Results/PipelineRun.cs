namespace Onboard.Bench.Results;

/// <summary>The pipeline at a fixed frame rate: per-stage latency and what the run cost, per frame and in total.</summary>
public sealed record PipelineRun(
    string Description,
    double Fps,
    double Seconds,
    long FramesIn,
    long FramesPublished,
    long Drops,
    long BytesPerFrame,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    double CpuPercent,
    IReadOnlyList<StageRow> Stages);
