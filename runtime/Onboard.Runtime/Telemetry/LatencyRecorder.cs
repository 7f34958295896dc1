namespace Onboard.Runtime.Telemetry;

/// <summary>
/// Keeps the most recent latency samples (ns) of one stage in a fixed ring; recording is a store and an
/// increment. Statistics are computed off the hot path: <see cref="Summarize"/> over the samples since a
/// given count into a caller-owned scratch buffer (no allocation), <see cref="PercentileMs"/> over all
/// retained samples (allocates; for reports).
/// </summary>
/// <remarks>
/// Thread ownership: one writer thread calls <see cref="Record"/>; any thread may read. The writer stores
/// the sample, then publishes the new count with a release write, so a reader that acquires the count sees
/// every sample before it. A reader that falls more than a ring behind (never, at 1 Hz reports and camera
/// rates) would see some newer samples instead of older ones, which only blurs the statistics.
/// </remarks>
public sealed class LatencyRecorder
{
    private readonly long[] _samples;
    private long _count;

    public LatencyRecorder(int capacity = 1 << 14)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _samples = new long[capacity];
    }

    public int Capacity => _samples.Length;

    /// <summary>Samples recorded since creation (the ring holds the last <see cref="Capacity"/>).</summary>
    public long Count => Volatile.Read(ref _count);

    public void Record(long nanoseconds)
    {
        long n = _count;
        _samples[n % _samples.Length] = nanoseconds;
        Volatile.Write(ref _count, n + 1);
    }

    /// <summary>
    /// Statistics of the samples recorded after the first <paramref name="fromCount"/> (at most the last
    /// <see cref="Capacity"/>, or <c>scratch.Length</c>). Sorts in <paramref name="scratch"/>; allocates nothing.
    /// </summary>
    public LatencySummary Summarize(long fromCount, Span<long> scratch)
    {
        long end = Count;
        long start = Math.Max(fromCount, end - Math.Min(_samples.Length, scratch.Length));
        int n = (int)Math.Max(0, end - start);
        if (n == 0)
        {
            return default;
        }
        Span<long> window = scratch[..n];
        for (int i = 0; i < n; i++)
        {
            window[i] = _samples[(start + i) % _samples.Length];
        }
        window.Sort();
        return new LatencySummary(n, Rank(window, 50), Rank(window, 90), Rank(window, 99), window[^1] / 1e6);
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
        return Rank(copy, p);
    }

    private static double Rank(ReadOnlySpan<long> sorted, double p)
    {
        int rank = Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length), 1, sorted.Length);
        return sorted[rank - 1] / 1e6;
    }
}
