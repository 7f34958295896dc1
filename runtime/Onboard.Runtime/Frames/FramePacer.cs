using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames;

/// <summary>
/// Sleeps a dedicated thread until a monotonic deadline of the injected clock, using one timer of that
/// clock's <see cref="TimeProvider"/> (so a fake time provider drives it in tests) and one reusable event:
/// nothing is allocated per wait. Not thread-safe: one pacing thread.
/// </summary>
internal sealed class FramePacer : IDisposable
{
    private readonly MonotonicClock _clock;
    private readonly ManualResetEventSlim _due = new(false);
    private readonly ITimer _timer;

    public FramePacer(MonotonicClock clock)
    {
        _clock = clock;
        _timer = clock.Time.CreateTimer(static state => ((ManualResetEventSlim)state!).Set(), _due, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Returns at <paramref name="dueNs"/> (at once if it has passed); false when <paramref name="stop"/> fired first.</summary>
    public bool WaitUntil(long dueNs, CancellationToken stop)
    {
        long delayNs = dueNs - _clock.NowNs;
        if (delayNs <= 0)
        {
            return !stop.IsCancellationRequested;
        }
        _due.Reset();
        _timer.Change(TimeSpan.FromTicks(delayNs / 100), Timeout.InfiniteTimeSpan);
        try
        {
            _due.Wait(stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _due.Dispose();
    }
}
