using System.Text.Json.Serialization;

namespace Onboard.Hil.Evaluation;

/// <summary>One stage's latency over a recording, ms: percentiles (linear interpolation, as numpy's default) and max.</summary>
public sealed record LatencyStats(
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p99")] double P99,
    [property: JsonPropertyName("p99_9")] double P999,
    [property: JsonPropertyName("max")] double Max)
{
    public static LatencyStats Of(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new LatencyStats(0, 0, 0, 0, 0);
        }
        double[] sorted = [.. values.Order()];
        return new LatencyStats(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 99), Percentile(sorted, 99.9), sorted[^1]);
    }

    private static double Percentile(double[] sorted, double p)
    {
        double rank = p / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
