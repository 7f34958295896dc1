namespace Onboard.Runtime.Telemetry;

/// <summary>Nearest-rank latency percentiles of a window of samples, in milliseconds; all zero when <see cref="Samples"/> is 0.</summary>
public readonly record struct LatencySummary(int Samples, double P50Ms, double P90Ms, double P99Ms, double MaxMs);
