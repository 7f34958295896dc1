using System.Diagnostics.CodeAnalysis;
using Onboard.Hil.Sources;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Recording;

/// <summary>
/// A HIL source of a known, finite list of frames (a scenario's, a recording's), handed out by <see cref="FramePacing"/>:
/// the pacing, the wait for the recorder and the timestamps live here; subclasses say what frame <c>i</c> is.
/// Owned by one ingest thread.
/// </summary>
public abstract class IndexedFrameSource : IFrameSource
{
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(10);

    private readonly MonotonicClock _clock;
    private readonly SimulatedFrameLease _lease = new();
    private readonly ulong _sessionId;
    private long _startMonoNs;
    private long _startUtcNs;
    private long _next;
    private long _waitingSinceNs;

    protected IndexedFrameSource(string name, MonotonicClock clock, FramePacing pacing, FrameGate? gate)
    {
        Name = name;
        _clock = clock;
        Pacing = pacing;
        Gate = gate;
        _sessionId = (ulong)clock.NowNs;
    }

    public string Name { get; }

    public FramePacing Pacing { get; }

    public FrameGate? Gate { get; }

    public abstract long FrameCount { get; }

    /// <summary>Frames handed out; below <see cref="FrameCount"/> in realtime when frames were skipped.</summary>
    public long Delivered { get; private set; }

    /// <summary>Frames skipped because the pipeline was still busy when a newer one was due (realtime only).</summary>
    public long Skipped { get; private set; }

    /// <summary>True once the last frame was handed out.</summary>
    public bool Finished => Volatile.Read(ref _next) >= FrameCount;

    /// <summary>The sequence number frame <paramref name="index"/> carries.</summary>
    public abstract ulong SequenceOf(long index);

    /// <summary>Frame <paramref name="index"/>'s capture time after the first frame's, ns.</summary>
    protected abstract long OffsetNs(long index);

    /// <summary>The nominal capture times lockstep gives frame <paramref name="index"/> (a recording's own).</summary>
    protected abstract (long MonoNs, long UtcNs) NominalTime(long index);

    /// <summary>Waits up to <paramref name="timeout"/> until frame <paramref name="index"/> can be loaded (a streamed recording's reader may be behind); false: not yet.</summary>
    protected virtual bool Ready(long index, TimeSpan timeout) => true;

    /// <summary>Frame <paramref name="index"/>'s pixels; valid until the next call.</summary>
    protected abstract byte[] Load(long index, out PixelFormat format, out int width, out int height, out int stride);

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        lease = null;
        if (_lease.InUse)
        {
            throw new InvalidOperationException("release the previous frame before acquiring the next");
        }
        if (_next >= FrameCount)
        {
            Thread.Sleep(timeout);
            return false;
        }
        if (_next == 0 && _startMonoNs == 0)
        {
            // The recorder's subscriber must be receiving before frame 0 goes out, or its results would be lost.
            Gate?.WaitReady(s_readyTimeout);
            _startMonoNs = _clock.NowNs;
            _startUtcNs = _clock.UtcNowNs;
        }
        if (!PreviousDone(timeout))
        {
            return false;
        }
        long index = _next;
        if (Pacing != FramePacing.Lockstep && !Due(index, timeout, ref index))
        {
            return false;
        }
        if (!Ready(index, timeout))
        {
            return false;
        }
        Skipped += index - _next;
        Volatile.Write(ref _next, index + 1);
        (long mono, long utc) = Pacing == FramePacing.Lockstep
            ? NominalTime(index)
            : (_startMonoNs + OffsetNs(index), _startUtcNs + OffsetNs(index));
        byte[] pixels = Load(index, out PixelFormat format, out int width, out int height, out int stride);
        _lease.Assign(pixels, new FrameDescriptor(_sessionId, SequenceOf(index), 0, format, width, height, stride, mono, utc));
        Delivered++;
        lease = _lease;
        return true;
    }

    public virtual void Dispose()
    {
    }

    /// <summary>Lockstep and paced: the previous frame's detections are recorded, or it has been given up on.</summary>
    private bool PreviousDone(TimeSpan timeout)
    {
        if (Gate is null || Pacing == FramePacing.Realtime || _next == 0)
        {
            return true;
        }
        long previous = (long)SequenceOf(_next - 1);
        if (Gate.WaitCompleted(previous, timeout))
        {
            _waitingSinceNs = 0;
            return true;
        }
        long now = _clock.NowNs;
        if (_waitingSinceNs == 0)
        {
            _waitingSinceNs = now;
        }
        if (now - _waitingSinceNs < (long)Gate.Patience.TotalNanoseconds)
        {
            return false;
        }
        Gate.GiveUp((ulong)previous);
        _waitingSinceNs = 0;
        return true;
    }

    /// <summary>Waits for frame <paramref name="index"/>'s due time; realtime moves <paramref name="chosen"/> on to the newest frame due.</summary>
    private bool Due(long index, TimeSpan timeout, ref long chosen)
    {
        if (!DueWait.Until(_clock, _startMonoNs + OffsetNs(index), timeout, out long now))
        {
            return false;
        }
        if (Pacing == FramePacing.Realtime)
        {
            while (chosen + 1 < FrameCount && _startMonoNs + OffsetNs(chosen + 1) <= now)
            {
                chosen++;
            }
        }
        return true;
    }
}
