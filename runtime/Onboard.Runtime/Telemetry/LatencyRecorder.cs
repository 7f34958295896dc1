namespace Onboard.Runtime.Telemetry;

/// <summary>
/// Keeps the most recent latency samples (ns) of one stage in a fixed ring; recording is a store and an
/// increment. Percentiles are computed on demand by copying and sorting, off the hot path.
/// Single writer; readers see a consistent enough snapshot for reporting.
/// </summary>
public sealed class LatencyRecorder(int capacity = 1 << 14)
{
    private readonly long[] _samples = new long[capacity];
    private long _count;

    /// <summary>Samples recorded since creation (the ring holds the last <c>capacity</c>).</summary>
    public long Count => Volatile.Read(ref _count);

    public void Record(long nanoseconds)
    {
        long n = _count;
        _samples[n % _samples.Length] = nanoseconds;
        Volatile.Write(ref _count, n + 1);
    }

    /// <summary>Nearest-rank percentile (0 &lt; p ≤ 100) of the retained samples, in milliseconds; NaN when empty.</summary>
    public double PercentileMs(double p)
    {
        int n = (int)Math.Min(Count, _samples.Length);
        if (n == 0)
        {
            return double.NaN;
        }
        var copy = new long[n];
        Array.Copy(_samples, copy, n);
        Array.Sort(copy);
        int rank = Math.Clamp((int)Math.Ceiling(p / 100.0 * n), 1, n);
        return copy[rank - 1] / 1e6;
    }
}
