using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames;

/// <summary>The consumer's wait inside TryAcquire, shared by every source.</summary>
internal static class AcquireDeadline
{
    /// <summary>Blocks on <paramref name="available"/> for what is left until <paramref name="deadlineNs"/>
    /// (monotonic ns of <paramref name="clock"/>); false once the deadline has passed.</summary>
    public static bool Wait(ManualResetEventSlim available, long deadlineNs, MonotonicClock clock)
    {
        long remainingNs = deadlineNs - clock.NowNs;
        if (remainingNs <= 0)
        {
            return false;
        }
        available.Wait(TimeSpan.FromTicks(Math.Max(1, remainingNs / 100)));
        return true;
    }
}
