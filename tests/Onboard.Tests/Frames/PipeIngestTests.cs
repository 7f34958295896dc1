using System.IO.Pipes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;
using static Onboard.Tests.Infrastructure.PipeFrames;

namespace Onboard.Tests.Frames;

/// <summary>Pipe ingest over real OS pipes and Unix sockets, with well-formed, garbled and cut-short frames.</summary>
public sealed class PipeIngestTests
{
    private const int W = 32, H = 24;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public void Crc32C_StandardCheckInput_GivesTheCatalogueValue()
    {
        Assert.Equal(0xE3069283u, PipeFrameFormat.Crc32C("123456789"u8));
    }

    [Fact]
    public void TryAcquire_FramesOverAnOsPipe_ArriveByteExactWithTheirHeaderFields()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var source = PipeFrameSource.FromStream(Options() with { QueueCapacity = 8 }, new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle), MonotonicClock.System);
        var writer = new PipeFrameWriter(pipe);
        var nv12 = new FrameDescriptor(0, 1, 0, PixelFormat.Nv12, 64, 48, 80, 111, 222);
        writer.Write(nv12, Pattern(80 * 48 * 3 / 2, 1));
        writer.Write(Gray(2), Pattern(W * H, 2));
        pipe.Dispose(); // end of stream

        Assert.True(source.TryAcquire(s_wait, out FrameLease? first), source.Stats.LastRejection);
        Assert.Equal(nv12, first.Descriptor);
        Assert.True(first.Pixels.SequenceEqual(Pattern(80 * 48 * 3 / 2, 1)));
        Assert.Equal(80, first.View.Stride);
        first.Release();
        Assert.True(source.TryAcquire(s_wait, out FrameLease? second));
        Assert.True(second.Pixels.SequenceEqual(Pattern(W * H, 2)));
        Assert.True(second.Descriptor.CaptureMonoNs > 0, "a zero capture time is stamped on arrival");
        second.Release();
        Assert.False(source.TryAcquire(s_wait, out _));
        Assert.True(source.Completed);
        Assert.Equal(0, source.Stats.RejectedTotal);
    }

    [Fact]
    public void TryAcquire_GarbageBadChecksumTruncatedAndOversizedFrames_RejectedEachAndIngestResynchronises()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var source = PipeFrameSource.FromStream(Options() with { QueueCapacity = 16, Backpressure = IngestBackpressure.Block }, new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle), MonotonicClock.System);
        var writer = new PipeFrameWriter(pipe);
        writer.Write(Gray(1), Pattern(W * H, 1));
        pipe.Write(Pattern(100, 0));                                  // garbage between frames
        pipe.Write(Framed(Gray(2), flipHeaderBit: true));             // checksum fails
        writer.Write(Gray(3), Pattern(W * H, 3));
        pipe.Write(Framed(Gray(4))[..(64 + 300)]);                    // cut short: takes frame 5's header as payload
        writer.Write(Gray(5), Pattern(W * H, 5));                     // found again when frame 4 is rescanned
        writer.Write(Gray(6), Pattern(W * H, 6));
        pipe.Write(HeaderOnly(new FrameDescriptor(0, 7, 0, PixelFormat.Gray8, 20000, 20000, 20000, 1, 1))); // larger than any frame
        writer.Write(Gray(8), Pattern(W * H, 8));
        pipe.Dispose();

        var delivered = new List<ulong>();
        while (source.TryAcquire(s_wait, out FrameLease? lease))
        {
            Assert.True(lease.Pixels.SequenceEqual(Pattern(W * H, (int)lease.Descriptor.Sequence)));
            delivered.Add(lease.Descriptor.Sequence);
            lease.Release();
        }

        Assert.Equal([1UL, 3, 5, 6, 8], delivered);
        FrameSourceStats s = source.Stats;
        Assert.Equal((1L, 1L, 1L, 1L), (s.Rejected(FrameRejectReason.BadMagic), s.Rejected(FrameRejectReason.BadChecksum), s.Rejected(FrameRejectReason.Truncated), s.Rejected(FrameRejectReason.BadGeometry)));
        Assert.Equal(4, s.RejectedTotal);
    }

    [Fact]
    public void TryAcquire_WriterDiesMidFrameThenAnotherConnects_TruncatedCountedAndTheNewWriterIsRead()
    {
        using var dir = new TempDirectory();
        string path = dir.File("pipe.sock");
        using var source = PipeFrameSource.ListenUnix(Options() with { QueueCapacity = 8 }, path, MonotonicClock.System);
        using (var dying = Connect(path))
        {
            new PipeFrameWriter(dying).Write(Gray(1), Pattern(W * H, 1));
            dying.Write(Framed(Gray(2))[..200]);
        }
        Assert.True(source.TryAcquire(s_wait, out FrameLease? first));
        Assert.Equal(1UL, first.Descriptor.Sequence);
        first.Release();
        Assert.True(SpinWait.SpinUntil(() => source.Stats.Rejected(FrameRejectReason.Truncated) == 1, s_wait), source.Stats.LastRejection);

        using (var next = Connect(path))
        {
            new PipeFrameWriter(next).Write(Gray(1), Pattern(W * H, 9));
        }
        Assert.True(source.TryAcquire(s_wait, out FrameLease? again));
        Assert.True(again.Pixels.SequenceEqual(Pattern(W * H, 9)));
        again.Release();
        Assert.Equal(2, source.Stats.Connects);
    }

    [Fact]
    public void TryAcquire_ConsumerBehindInDropOldestMode_KeepsNewestAndCountsQueueFull()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var source = PipeFrameSource.FromStream(Options(), new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle), MonotonicClock.System);
        var writer = new PipeFrameWriter(pipe);
        for (int k = 0; k < 10; k++)
        {
            writer.Write(Gray((ulong)k), Pattern(W * H, k)); // never blocks: the reader drops, not waits
        }
        pipe.Dispose();
        Assert.True(SpinWait.SpinUntil(() => source.Stats.Received == 10, s_wait));

        var delivered = new List<ulong>();
        while (source.TryAcquire(TimeSpan.Zero, out FrameLease? lease))
        {
            delivered.Add(lease.Descriptor.Sequence);
            lease.Release();
        }
        Assert.Equal([8UL, 9], delivered);
        Assert.Equal(8, source.Stats.Dropped(FrameDropReason.QueueFull));
    }

    private static PipeFrameSourceOptions Options() => new() { Name = "pipe-test", MaxFrameBytes = 1 << 20 };
}
