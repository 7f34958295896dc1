namespace Onboard.Tests.Infrastructure;

/// <summary>A clock that moves only when a test says so (nanosecond timestamps), for deadline and watchdog logic.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _nowNs = 1_000_000_000;

    public override long TimestampFrequency => 1_000_000_000;

    public override long GetTimestamp() => Interlocked.Read(ref _nowNs);

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddTicks(Interlocked.Read(ref _nowNs) / 100);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _nowNs, (long)by.TotalNanoseconds);
}
