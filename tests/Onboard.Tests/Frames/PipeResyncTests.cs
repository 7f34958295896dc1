using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;
using static Onboard.Tests.Infrastructure.PipeFrames;

namespace Onboard.Tests.Frames;

/// <summary>
/// Frames cut short in the middle of a stream, over real OS pipes and Unix sockets: the cut frame is counted
/// <see cref="FrameRejectReason.Truncated"/>, and the frames whose headers it took as payload still arrive.
/// Every frame is checked before the writer closes, so these are mid-stream recoveries, not end-of-stream ones.
/// </summary>
public sealed class PipeResyncTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(32, 24, 0)]          // the header alone
    [InlineData(32, 24, 1)]
    [InlineData(32, 24, 300)]
    [InlineData(32, 24, 768 - 64)]   // the next header exactly fills the rest of the promised payload
    [InlineData(32, 24, 768 - 30)]   // the next header straddles the payload buffer and the bytes after it
    [InlineData(32, 24, 768 - 1)]    // only the next header's first magic byte inside the payload
    [InlineData(32, 24, 768)]        // the whole payload, no trailer
    [InlineData(320, 240, 300)]      // big payloads: read straight into the frame buffer
    [InlineData(320, 240, 76800 - 30)]
    public void TryAcquire_FrameCutShortThenGoodFrames_GoodFramesArriveByteExactAndOnlyTheCutOneIsCounted(int width, int height, int kept)
    {
        using var feed = new OsPipeFeed(Options());
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Framed(Gray(1, width, height)));
        pipe.Write(Cut(Gray(2, width, height), kept));
        pipe.Write(Framed(Gray(3, width, height)));
        pipe.Write(Framed(Gray(4, width, height)));

        Assert.Equal([1UL, 3, 4], Take(source, 3));
        FrameSourceStats s = source.Stats;
        Assert.Equal((1L, 1L, 3L), (s.Rejected(FrameRejectReason.Truncated), s.RejectedTotal, s.Received));
        Assert.StartsWith("Truncated: frame 2: cut short, no trailer after its", s.LastRejection);
        Assert.Equal(0, s.Dropped(FrameDropReason.Missed)); // the cut frame is counted once, as Truncated
        pipe.Dispose();
        Assert.False(source.TryAcquire(s_wait, out _));
        Assert.Equal(1, s.RejectedTotal);
    }

    [Theory]
    [InlineData(300, 100)]
    [InlineData(10, 10)]  // the second cut frame lies wholly inside the first one's promised payload
    [InlineData(0, 0)]
    public void TryAcquire_TwoConsecutiveCutFramesOnAUnixSocket_BothCountedAndTheNextFramesArrive(int firstKept, int secondKept)
    {
        using var dir = new TempDirectory();
        string path = dir.File("pipe.sock");
        using var source = PipeFrameSource.ListenUnix(Options(), path, MonotonicClock.System);
        using var writer = Connect(path);
        writer.Write(Framed(Gray(1)));
        writer.Write(Cut(Gray(2), firstKept));
        writer.Write(Cut(Gray(3), secondKept));
        writer.Write(Framed(Gray(4)));
        writer.Write(Framed(Gray(5)));

        Assert.Equal([1UL, 4, 5], Take(source, 3));
        Assert.Equal((2L, 2L, 3L), (source.Stats.Rejected(FrameRejectReason.Truncated), source.Stats.RejectedTotal, source.Stats.Received));
        Assert.Equal(0, source.Stats.Dropped(FrameDropReason.Missed));
        Assert.Equal(1, source.Stats.Connects);
    }

    [Fact]
    public void TryAcquire_SequenceGapThenACutFrame_GapCountedMissedAndTheCutFrameOnlyTruncated()
    {
        using var feed = new OsPipeFeed(Options());
        feed.Writer.Write(Framed(Gray(1)));
        feed.Writer.Write(Cut(Gray(5), 300)); // 2..4 never sent
        feed.Writer.Write(Framed(Gray(6)));

        Assert.Equal([1UL, 6], Take(feed.Source, 2));
        Assert.Equal((3L, 1L), (feed.Source.Stats.Dropped(FrameDropReason.Missed), feed.Source.Stats.Rejected(FrameRejectReason.Truncated)));
    }

    [Theory]
    [InlineData(100)]   // inside the cut frame's promised payload
    [InlineData(5000)]  // longer than it
    public void TryAcquire_CutFrameThenGarbageThenGoodFrames_GoodFramesArriveAndTheLossIsCountedOnce(int garbage)
    {
        byte[] junk = Pattern(garbage, 77);
        Assert.Equal(-1, junk.AsSpan().IndexOf(PipeFrameFormat.HeaderMagicBytes));
        using var feed = new OsPipeFeed(Options());
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Framed(Gray(1)));
        pipe.Write(Cut(Gray(2), 300));
        pipe.Write(junk);
        pipe.Write(Framed(Gray(3)));
        pipe.Write(Framed(Gray(4)));

        Assert.Equal([1UL, 3, 4], Take(source, 3));
        // The garbage is part of the same loss of framing as the cut: one rejection, not two.
        Assert.Equal((1L, 1L), (source.Stats.Rejected(FrameRejectReason.Truncated), source.Stats.RejectedTotal));
    }

    [Fact]
    public void TryAcquire_CutFrameWhosePixelsSpellAHeaderWithABadChecksum_TheFakeIsRejectedAndTheNextFrameArrives()
    {
        byte[] pixels = Pixels(Gray(2));
        Framed(Gray(99), flipHeaderBit: true).AsSpan(0, PipeFrameFormat.HeaderBytes).CopyTo(pixels.AsSpan(100));
        using var feed = new OsPipeFeed(Options());
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Framed(Gray(1)));
        pipe.Write(Framed(Gray(2), pixels)[..(PipeFrameFormat.HeaderBytes + 300)]);
        pipe.Write(Framed(Gray(3)));
        pipe.Write(Framed(Gray(4)));

        Assert.Equal([1UL, 3, 4], Take(source, 3));
        FrameSourceStats s = source.Stats;
        // Rescanning the cut frame finds the magic at pixel 100 first; its checksum refuses it, counted like any
        // header-shaped record that fails.
        Assert.Equal((1L, 1L, 2L), (s.Rejected(FrameRejectReason.Truncated), s.Rejected(FrameRejectReason.BadChecksum), s.RejectedTotal));
    }

    [Fact]
    public void TryAcquire_WholeFrameWhosePixelsHoldHeaders_DeliveredIntactAndNothingRejected()
    {
        // A frame whose trailer checks is never searched: not even a valid header among its pixels counts.
        byte[] pixels = Pixels(Gray(2));
        HeaderOnly(Gray(98)).CopyTo(pixels.AsSpan(100));
        Framed(Gray(99), flipHeaderBit: true).AsSpan(0, PipeFrameFormat.HeaderBytes).CopyTo(pixels.AsSpan(400));
        using var feed = new OsPipeFeed(Options());
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Framed(Gray(1)));
        pipe.Write(Framed(Gray(2), pixels));
        pipe.Write(Framed(Gray(3)));

        Assert.True(source.TryAcquire(s_wait, out FrameLease? first));
        first.Release();
        Assert.True(source.TryAcquire(s_wait, out FrameLease? second));
        Assert.True(second.Pixels.SequenceEqual(pixels));
        second.Release();
        Assert.Equal([3UL], Take(source, 1));
        Assert.Equal(0, source.Stats.RejectedTotal);
    }

    [Fact]
    public void TryAcquire_CutFrameArrivesWhileTheConsumerHoldsEveryBuffer_TheFrameItSwallowedStillArrives()
    {
        // Queue capacity 1: four buffers in all (see FrameBufferQueue). The consumer holds all four when frame 5
        // arrives, so 5 is dropped (QueueFull) — but its bytes are kept, and they hold frame 6's header.
        using var feed = new OsPipeFeed(Options() with { QueueCapacity = 1 });
        var held = new List<FrameLease>();
        for (ulong k = 1; k <= 4; k++)
        {
            feed.Writer.Write(Framed(Gray(k)));
            Assert.True(feed.Source.TryAcquire(s_wait, out FrameLease? lease));
            held.Add(lease);
        }
        feed.Writer.Write(Cut(Gray(5), 300));
        Assert.True(SpinWait.SpinUntil(() => feed.Source.Stats.Dropped(FrameDropReason.QueueFull) == 1, s_wait));
        held.ForEach(lease => lease.Release());
        feed.Writer.Write(Framed(Gray(6)));
        Assert.Equal([6UL], Take(feed.Source, 1)); // taken before 7 comes: a queue of one keeps only the newest
        feed.Writer.Write(Framed(Gray(7)));
        Assert.Equal([7UL], Take(feed.Source, 1));

        FrameSourceStats s = feed.Source.Stats;
        Assert.Equal((1L, 1L, 0L), (s.Rejected(FrameRejectReason.Truncated), s.Dropped(FrameDropReason.QueueFull), s.Dropped(FrameDropReason.Missed)));
    }

    [Fact]
    public void TryAcquire_CutFramePromisingMoreThanTheFramesAfterIt_ThoseFramesArriveOnceThePromiseIsFilled()
    {
        // A 76,800-byte frame cut after 100 bytes takes the next ~90 small frames as its payload; they arrive
        // when its trailer fails to match, while the stream goes on.
        const int small = 120;
        using var feed = new OsPipeFeed(Options() with { QueueCapacity = small + 8 });
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Cut(Gray(1, 320, 240), 100));
        for (ulong k = 2; k < 2 + small; k++)
        {
            pipe.Write(Framed(Gray(k)));
        }

        Assert.Equal([.. Enumerable.Range(2, small).Select(k => (ulong)k)], Take(source, small));
        Assert.Equal((1L, 1L), (source.Stats.Rejected(FrameRejectReason.Truncated), source.Stats.RejectedTotal));
    }

    [Fact]
    public void TryAcquire_CutFramePromisingAMegabyteThenTheStreamEnds_TheFramesItTookArrive()
    {
        using var feed = new OsPipeFeed(Options());
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        pipe.Write(Framed(Gray(1)));
        pipe.Write(Cut(Gray(2, 1024, 1024), 10));
        pipe.Write(Framed(Gray(3)));
        pipe.Write(Cut(Gray(4), 500)); // and the stream ends inside this one too
        pipe.Write(Framed(Gray(5)));
        pipe.Dispose();

        Assert.Equal([1UL, 3, 5], Take(source, 3));
        Assert.False(source.TryAcquire(s_wait, out _));
        Assert.Equal((2L, 2L), (source.Stats.Rejected(FrameRejectReason.Truncated), source.Stats.RejectedTotal));
        Assert.True(source.Completed);
    }

    [Theory]
    [InlineData(32, 24)]
    [InlineData(320, 240)]
    public void Run_SteadyStateAfterAResync_ReaderThreadAllocatesNothingPerFrame(int width, int height)
    {
        ReadThreadAllocations? probe = null;
        using var feed = new OsPipeFeed(Options() with { QueueCapacity = 4 }, input => probe = new ReadThreadAllocations(input));
        Stream pipe = feed.Writer;
        PipeFrameSource source = feed.Source;
        ulong sequence = 0;
        void Frames(int count)
        {
            for (int i = 0; i < count; i++)
            {
                pipe.Write(Framed(Gray(++sequence, width, height)));
                Assert.Equal([sequence], Take(source, 1));
            }
        }
        Frames(20);
        pipe.Write(Cut(Gray(++sequence, width, height), 100));
        Frames(20);

        // The least of three windows, as Allocations.InSteadyState does: a per-frame allocation shows in each.
        long least = long.MaxValue;
        for (int window = 0; window < 3 && least != 0; window++)
        {
            long before = AllocatedWhenIdle(probe!);
            Frames(50);
            least = Math.Min(least, AllocatedWhenIdle(probe!) - before);
        }
        Assert.Equal(0, least);
        Assert.Equal(1, source.Stats.Rejected(FrameRejectReason.Truncated));
    }

    private static PipeFrameSourceOptions Options() => new() { Name = "pipe-resync", MaxFrameBytes = 1 << 20, QueueCapacity = 8 };

    /// <summary>The frame's header and the first <paramref name="kept"/> payload bytes: a writer that lost the rest.</summary>
    private static byte[] Cut(FrameDescriptor frame, int kept) => Framed(frame)[..(PipeFrameFormat.HeaderBytes + kept)];

    /// <summary>Acquires <paramref name="count"/> frames, checking each one's pixels byte for byte; their sequences.</summary>
    private static List<ulong> Take(PipeFrameSource source, int count)
    {
        var sequences = new List<ulong>();
        for (int i = 0; i < count; i++)
        {
            Assert.True(source.TryAcquire(s_wait, out FrameLease? lease), $"frame {i + 1} of {count}: {source.Stats.LastRejection}");
            Assert.True(lease.Pixels.SequenceEqual(Pixels(lease.Descriptor)), $"frame {lease.Descriptor.Sequence}: pixels differ");
            sequences.Add(lease.Descriptor.Sequence);
            lease.Release();
        }
        return sequences;
    }

    /// <summary>What the reader thread had allocated when it next blocked on input (everything written was handled).</summary>
    private static long AllocatedWhenIdle(ReadThreadAllocations probe)
    {
        Assert.True(SpinWait.SpinUntil(() => probe.InRead, s_wait), "the reader never blocked on input");
        return probe.AllocatedAtLastRead;
    }
}
