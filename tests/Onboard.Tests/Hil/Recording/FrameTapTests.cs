using System.Collections.Concurrent;
using Onboard.Hil.Recording;
using Onboard.Runtime.Frames;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Recording;

/// <summary>What the recorder costs the ingest thread: one copy into a pooled buffer, no allocation, never a wait.</summary>
public sealed class FrameTapTests
{
    [Fact]
    public void TryAcquire_SteadyState_CopiesEveryFrameAndAllocatesNothing()
    {
        using var source = new ScriptedFrameSource();
        var ready = new ConcurrentQueue<RecordedFrame>();
        var free = new ConcurrentBag<RecordedFrame> { new(), new() };
        using var tap = new FrameTap("front", source, ready, free);
        ulong sequence = 0, copied = 0;

        // The scripted source allocates of its own; the tap must add nothing to it.
        long alone = Allocations.InSteadyState(() =>
        {
            source.Add(ScriptedFrameSource.Frame(sequence++, 1000));
            source.TryAcquire(TimeSpan.FromSeconds(1), out FrameLease? lease);
            lease!.Release();
        });
        long tapped = Allocations.InSteadyState(() =>
        {
            source.Add(ScriptedFrameSource.Frame(sequence++, 1000));
            tap.TryAcquire(TimeSpan.FromSeconds(1), out FrameLease? lease);
            lease!.Release();
            // What the recorder thread does: take the copy, give the buffer back.
            ready.TryDequeue(out RecordedFrame? frame);
            copied = frame!.Descriptor.Sequence;
            free.Add(frame);
        });

        Assert.Equal(alone, tapped);
        Assert.Equal(sequence - 1, copied);
        Assert.Equal(0, tap.ImagesDropped);
    }

    [Fact]
    public void TryAcquire_RecorderBehind_PassesTheFrameOnAndCountsTheImageDropped()
    {
        using var source = new ScriptedFrameSource();
        var ready = new ConcurrentQueue<RecordedFrame>();
        using var tap = new FrameTap("front", source, ready, [new RecordedFrame()]);
        for (ulong s = 0; s < 3; s++)
        {
            source.Add(ScriptedFrameSource.Frame(s, 1000));
            Assert.True(tap.TryAcquire(TimeSpan.FromSeconds(1), out FrameLease? lease));
            Assert.Equal(s, lease.Descriptor.Sequence);
            lease.Release();
        }

        Assert.Single(ready);
        Assert.Equal(2, tap.ImagesDropped);
    }
}
