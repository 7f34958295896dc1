using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Transfer;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Upload.Transfer;

public sealed class TokenBucketTests
{
    [Fact]
    public void Reserve_WithinTheBurst_NeedsNoWait_BeyondIt_WaitsForTheDebtAtTheRate()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(1000, time);   // burst: a quarter second = 250 bytes

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(250));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Reserve(500));
        time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.Equal(TimeSpan.FromSeconds(0.1), bucket.Reserve(100));
    }

    [Fact]
    public void Reserve_OverManySeconds_AveragesToTheCap()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(64 * 1024, time);
        var waited = TimeSpan.Zero;
        for (int i = 0; i < 1000; i++)
        {
            TimeSpan wait = bucket.Reserve(16 * 1024);
            time.Advance(wait);
            waited += wait;
        }
        // 16 MB at 64 KiB/s is 250 s, less the initial burst of a quarter second.
        Assert.InRange(waited.TotalSeconds, 249.7, 250.0);
    }

    [Fact]
    public void Meter_CountsTheLastSecondOnly()
    {
        var time = new ManualTimeProvider();
        var meter = new BandwidthMeter(time);
        meter.Record(1000);
        time.Advance(TimeSpan.FromMilliseconds(500));
        meter.Record(2000);
        Assert.Equal(3000, meter.BytesPerSecond);
        time.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(2000, meter.BytesPerSecond);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, meter.BytesPerSecond);
    }

    [Fact]
    public void FullJitter_DrawsBelowADoublingCeilingCappedAtMax_ReproduciblyForASeed()
    {
        var a = new FullJitterBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(120), new Random(42));
        var b = new FullJitterBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(120), new Random(42));
        Assert.Equal(TimeSpan.FromMilliseconds(500), a.Ceiling(0));
        Assert.Equal(TimeSpan.FromSeconds(64), a.Ceiling(7));
        Assert.Equal(TimeSpan.FromSeconds(120), a.Ceiling(8));
        Assert.Equal(TimeSpan.FromSeconds(120), a.Ceiling(1000));
        var delays = new List<TimeSpan>();
        for (int n = 0; n < 200; n++)
        {
            TimeSpan d = a.Delay(n);
            Assert.InRange(d, TimeSpan.Zero, a.Ceiling(n));
            Assert.Equal(d, b.Delay(n));
            delays.Add(d);
        }
        // Full jitter, not equal jitter: draws reach down near zero even at the cap.
        Assert.Contains(delays.Skip(8), d => d < TimeSpan.FromSeconds(20));
    }
}
