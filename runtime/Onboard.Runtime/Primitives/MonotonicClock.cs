namespace Onboard.Runtime.Primitives;

/// <summary>Nanosecond readings of an injected <see cref="TimeProvider"/>: monotonic for latency, UTC for the record.</summary>
public sealed class MonotonicClock(TimeProvider time)
{
    private readonly double _nsPerTick = 1e9 / time.TimestampFrequency;

    public TimeProvider Time { get; } = time;

    public static MonotonicClock System { get; } = new(TimeProvider.System);

    public long NowNs => (long)(Time.GetTimestamp() * _nsPerTick);

    public long UtcNowNs => (Time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
