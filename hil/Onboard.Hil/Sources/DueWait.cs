using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Sources;

/// <summary>How a HIL camera waits for its next frame's capture time: at most the caller's acquire timeout, so the
/// ingest loop stays responsive to shutdown.</summary>
internal static class DueWait
{
    /// <summary>True once <paramref name="dueNs"/> has passed (<paramref name="nowNs"/> then the time), false when the timeout came first.</summary>
    public static bool Until(MonotonicClock clock, long dueNs, TimeSpan timeout, out long nowNs)
    {
        nowNs = clock.NowNs;
        if (nowNs >= dueNs)
        {
            return true;
        }
        long waitNs = Math.Min(dueNs - nowNs, (long)timeout.TotalNanoseconds);
        Thread.Sleep(TimeSpan.FromTicks(Math.Max(0, waitNs) / 100));
        nowNs = clock.NowNs;
        return nowNs >= dueNs;
    }
}
