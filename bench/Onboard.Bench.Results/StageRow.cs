namespace Onboard.Bench.Results;

/// <summary>One stage of the pipeline at 30 fps: latency percentiles in milliseconds.</summary>
public sealed record StageRow(string Stage, double P50Ms, double P99Ms, double P999Ms);
