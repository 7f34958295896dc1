using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>Gathering, running and releasing batches; called on the cameras' infer threads.</summary>
public sealed partial class CameraBatcher
{
    // Every field below is guarded by _gate (see the class remarks). Lane masks: bit i is lane i.
    private readonly object _gate = new();
    private long _generation;                 // the batch gathering now; it fills _slots[_generation % SlotCount]
    private uint _joined;                     // lanes with a place in it (their copy may be in flight)
    private uint _copied;                     // lanes whose image is in place
    private long _firstJoinNs;                // its first frame's arrival; its deadline is this + timeout
    private bool _running;                    // a run is in progress (one at a time: one session)
    private uint _absent;                     // lanes the last batch ran without: not waited for until they join
    private uint _departed;                   // lanes without a camera (never taken, or its engine disposed)
    private bool _disposed;
    private readonly int[] _readers = new int[SlotCount];        // cameras still decoding the slot's last run
    private readonly long[] _ranGeneration = [-1, -1];           // the batch the slot last ran
    private readonly long[] _ranStartNs = new long[SlotCount];
    private readonly long[] _ranEndNs = new long[SlotCount];
    private readonly Exception?[] _ranFailure = new Exception?[SlotCount];
    // Counters: written under _gate, read by anyone without it (Volatile).
    private long _batches;
    private long _fullBatches;
    private long _timedOutBatches;
    private long _images;
    private long _allocatedBytes;             // not under _gate: Interlocked, added by every camera's infer thread

    /// <summary>
    /// Infer thread of <paramref name="lane"/>'s camera: puts <paramref name="image"/> into the batch being
    /// gathered, waits until that batch has run (running it, if this thread closes it), stamps the run on
    /// <paramref name="input"/> and returns the slot to decode from. The caller must
    /// <see cref="Release"/> the slot once decoded.
    /// </summary>
    internal int Infer(int lane, ReadOnlySpan<float> image, EngineInput input, long frame)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long allocatedInRun = 0;
        uint bit = 1u << lane;
        long g;
        int slot;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            g = _generation;
            slot = (int)(g % SlotCount);
            if (_joined == 0)
            {
                _firstJoinNs = _clock.NowNs;
            }
            _joined |= bit;
        }
        // Outside the gate: lanes are disjoint, and the batch cannot close while this copy is in flight.
        image.CopyTo(_slots[slot].ImageFloats(lane));
        Exception? failure;
        lock (_gate)
        {
            _copied |= bit;
            Monitor.PulseAll(_gate);
        }
        while (true)
        {
            bool runIt;
            lock (_gate)
            {
                runIt = AwaitRunUnsynchronized(g, slot);
                if (!runIt)
                {
                    input.RunStartNs = _ranStartNs[slot];
                    input.RunEndNs = _ranEndNs[slot];
                    failure = _ranFailure[slot];
                    break;
                }
            }
            allocatedInRun += Run(g, slot);
        }
        if (failure is not null)
        {
            Release(slot);
            ThrowRunFailed(failure);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore - allocatedInRun;
        if (frame > CameraPipeline.WarmupFrames && allocated != 0)
        {
            Interlocked.Add(ref _allocatedBytes, allocated);
        }
        return slot;
    }

    /// <summary>Infer thread, after <see cref="Infer"/>: decodes <paramref name="lane"/>'s image of the slot's run, then releases the slot.</summary>
    internal int Postprocess(int lane, int slot, FrameDetector detector, in ImageTransform transform, Span<Detection> results)
    {
        try
        {
            return detector.Postprocess(_slots[slot], lane, transform, results);
        }
        finally
        {
            Release(slot);
        }
    }

    /// <summary>A camera is done with <paramref name="slot"/>'s outputs (decoded, or the run failed).</summary>
    internal void Release(int slot)
    {
        lock (_gate)
        {
            if (--_readers[slot] == 0)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>The camera on <paramref name="lane"/> has left: batches no longer wait for it.</summary>
    internal void Leave(int lane)
    {
        lock (_gate)
        {
            _departed |= 1u << lane;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits (gate held, released while waiting) until batch <paramref name="g"/> has run — false — or this
    /// thread has closed it and must run it — true.
    /// </summary>
    private bool AwaitRunUnsynchronized(long g, int slot)
    {
        while (_ranGeneration[slot] != g)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_generation == g && !_running && _joined == _copied && _readers[slot] == 0)
            {
                uint waitingFor = _allLanes & ~_departed & ~_absent & ~_copied;
                long now = _clock.NowNs;
                long deadline = _firstJoinNs + _timeoutNs;
                if (waitingFor == 0 || now >= deadline)
                {
                    CloseUnsynchronized(g, slot, timedOut: waitingFor != 0);
                    return true;
                }
                Monitor.Wait(_gate, WaitMs(deadline - now));
            }
            else
            {
                // A run ending, a copy landing and a slot released all pulse; the poll is only a backstop.
                Monitor.Wait(_gate, _pollMs);
            }
        }
        return false;
    }

    private void CloseUnsynchronized(long g, int slot, bool timedOut)
    {
        uint members = _copied;
        int images = BitOperations.PopCount(members);
        uint attached = _allLanes & ~_departed;
        _absent = attached & ~members;
        _generation = g + 1;
        _joined = 0;
        _copied = 0;
        _running = true;
        _readers[slot] = images;
        Volatile.Write(ref _batches, _batches + 1);
        Volatile.Write(ref _images, _images + images);
        if ((members & attached) == attached)
        {
            Volatile.Write(ref _fullBatches, _fullBatches + 1);
        }
        if (timedOut)
        {
            Volatile.Write(ref _timedOutBatches, _timedOutBatches + 1);
        }
    }

    /// <summary>Runs the closed batch <paramref name="g"/> (gate not held); returns the managed bytes the run allocated.</summary>
    private long Run(long g, int slot)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = _clock.NowNs;
        Exception? failure = null;
        try
        {
            _session.Run(_slots[slot]);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e;
        }
        long end = _clock.NowNs;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        lock (_gate)
        {
            _ranGeneration[slot] = g;
            _ranStartNs[slot] = start;
            _ranEndNs[slot] = end;
            _ranFailure[slot] = failure;
            _running = false;
            Monitor.PulseAll(_gate);
        }
        return allocated;
    }

    private int WaitMs(long remainingNs) => (int)Math.Clamp((remainingNs + 999_999) / 1_000_000, 1, _pollMs);

    [DoesNotReturn]
    private static void ThrowRunFailed(Exception failure) =>
        throw new InvalidOperationException("the batched inference run failed: " + failure.Message, failure);
}
