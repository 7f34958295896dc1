using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Frames;

/// <summary>Overwrite detection, driven step by step: the producer runs on the test thread, so every
/// interleaving below is exact, not a matter of timing.</summary>
public sealed class RingSeqlockTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly FrameRingProducer _producer;
    private readonly ShmFrameSource _consumer;

    public RingSeqlockTests()
    {
        var ring = new FrameRingOptions { RingPath = _dir.File("ring"), SocketPath = _dir.File("ring.sock"), SlotCount = 2, MaxFrameBytes = 64 };
        _producer = FrameRingProducer.Start(ring, MonotonicClock.System);
        _consumer = new ShmFrameSource(new ShmFrameSourceOptions { Name = "seqlock", RingPath = ring.RingPath, SocketPath = ring.SocketPath, QueueCapacity = 8 }, MonotonicClock.System);
        Assert.True(SpinWait.SpinUntil(() => _producer.Consumers == 1, s_wait), "the consumer did not connect");
    }

    [Fact]
    public void IsIntact_SlotReusedWhileLeased_FalseAndLeftToTheConsumerToCount()
    {
        Publish(0);
        Assert.True(_consumer.TryAcquire(s_wait, out FrameLease? lease));
        Assert.True(lease.IsIntact);
        Publish(1);
        Assert.True(lease.IsIntact); // the other slot
        Publish(2);                  // reuses the leased slot
        Assert.False(lease.IsIntact);
        lease.Release();
        // Delivered, so the consumer counts it (the pipeline as Overwritten); the source does not count it again.
        Assert.Equal(0, _consumer.Stats.DroppedTotal);
    }

    [Fact]
    public void IsIntact_ProducerMidWriteInLeasedSlot_False()
    {
        Publish(0);
        Publish(1);
        Assert.True(_consumer.TryAcquire(s_wait, out FrameLease? lease)); // frame 0, slot 0
        Assert.Equal(0UL, lease.Descriptor.Sequence);
        _producer.BeginFrame(64)[0] = 0xEE; // frame 2 starts in slot 0 and is not committed
        Assert.False(lease.IsIntact);
        lease.Release();
    }

    [Fact]
    public void TryAcquire_SlotsReusedBeforeAcquire_SkipsThemAsOverwritten()
    {
        for (byte k = 0; k < 5; k++)
        {
            Publish(k);
        }
        Assert.True(SpinWait.SpinUntil(() => _consumer.Stats.Received == 5, s_wait));
        Assert.True(_consumer.TryAcquire(s_wait, out FrameLease? lease));
        Assert.Equal(3UL, lease.Descriptor.Sequence); // 0, 1, 2 were overwritten by 2, 3, 4
        Assert.Equal(3, lease.Pixels[0]);
        lease.Release();
        Assert.Equal(3, _consumer.Stats.Dropped(FrameDropReason.Overwritten));
        Assert.True(_consumer.TryAcquire(s_wait, out FrameLease? last));
        Assert.Equal(4UL, last.Descriptor.Sequence);
        last.Release();
    }

    [Fact]
    public void Start_AnotherProducerServesTheSocket_ThrowsAndLeavesTheLiveRingAlone()
    {
        var again = new FrameRingOptions { RingPath = _dir.File("other-ring"), SocketPath = _producer.SocketPath, MaxFrameBytes = 64 };
        var e = Assert.Throws<InvalidOperationException>(() => FrameRingProducer.Start(again, MonotonicClock.System));
        Assert.Contains(_producer.SocketPath, e.Message, StringComparison.Ordinal);
        Publish(7);
        Assert.True(_consumer.TryAcquire(s_wait, out FrameLease? lease));
        Assert.Equal(7, lease.Pixels[0]);
        lease.Release();
    }

    public void Dispose()
    {
        _consumer.Dispose();
        _producer.Dispose();
        _dir.Dispose();
    }

    private void Publish(byte value)
    {
        Span<byte> pixels = stackalloc byte[64];
        pixels.Fill(value);
        _producer.Publish(pixels, PixelFormat.Gray8, 8, 8, 8, 0, 0);
    }
}
