namespace Onboard.Hil.Recording;

/// <summary>
/// Couples a HIL source to the recorder: the source waits for <see cref="SetReady"/> (the recorder's subscriber
/// receives) before its first frame, and in lockstep or paced mode for the previous frame's detections to have
/// been recorded before the next one. A frame that never comes out (rejected, dropped) releases the source after
/// <see cref="Patience"/>, counted in <see cref="TimedOut"/>. Thread-safe: the source's ingest thread waits, the
/// recorder thread signals.
/// </summary>
public sealed class FrameGate
{
    private readonly object _lock = new();
    private readonly ManualResetEventSlim _ready = new(false);
    private long _completed = -1;
    private long _timedOut;

    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(5);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>The highest sequence whose detections were recorded (−1: none yet).</summary>
    public long Completed
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    public void SetReady() => _ready.Set();

    public bool WaitReady(TimeSpan timeout) => _ready.Wait(timeout);

    public void Complete(ulong sequence)
    {
        lock (_lock)
        {
            _completed = Math.Max(_completed, (long)sequence);
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Waits until <paramref name="sequence"/> is completed; false after <paramref name="timeout"/>.</summary>
    public bool WaitCompleted(long sequence, TimeSpan timeout)
    {
        lock (_lock)
        {
            long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (_completed < sequence)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0 || !Monitor.Wait(_lock, (int)left))
                {
                    return _completed >= sequence;
                }
            }
            return true;
        }
    }

    /// <summary>The source gave up waiting for <paramref name="sequence"/> and moves on.</summary>
    public void GiveUp(ulong sequence)
    {
        Interlocked.Increment(ref _timedOut);
        Complete(sequence);
    }
}
