using System.Buffers.Binary;
using System.Net.Sockets;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Frames;

/// <summary>
/// A hand-made producer: the ring file is written byte by byte from the layout documented in
/// Frames/README.md (so this also checks the documentation), and descriptors, good and malformed, are
/// written to a real Unix socket in odd-sized chunks so messages straddle reads.
/// </summary>
public sealed class RingDescriptorValidationTests : IDisposable
{
    private const ulong Session = 0x1234_5678_9abc_def1;
    private const int SlotCount = 2;
    private const int Capacity = 4096;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _dir = new();
    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly string _ringPath;
    private readonly string _socketPath;

    public RingDescriptorValidationTests()
    {
        _ringPath = _dir.File("cam");
        _socketPath = _dir.File("cam.sock");
        _listener.Bind(new UnixDomainSocketEndPoint(_socketPath));
        _listener.Listen(1);
    }

    [Fact]
    public void TryAcquire_MalformedDescriptorsAmongGoodOnes_EachRejectedWithItsReasonAndTheStreamGoesOn()
    {
        WriteRing(Session, (0, 5), (1, 6));
        using var source = new ShmFrameSource(Options(), MonotonicClock.System);
        using Socket producer = _listener.Accept();

        var stream = new List<byte>();
        stream.AddRange(Hello(Session));
        stream.AddRange(Frame(Session, 5, slot: 0));
        stream.AddRange(new byte[37]); // garbage: lost framing
        stream.AddRange(Frame(Session, 6, slot: 9));
        stream.AddRange(Frame(Session, 6, slot: 1, width: 200, height: 200));
        stream.AddRange(Frame(Session, 6, slot: 1, width: 0));
        stream.AddRange(Frame(Session, 6, slot: 1, format: (PixelFormat)99));
        stream.AddRange(Frame(Session ^ 1, 6, slot: 1));
        stream.AddRange(Patch(Frame(Session, 6, slot: 1), 4, 2)); // version 2
        stream.AddRange(Patch(Frame(Session, 6, slot: 1), 6, 9)); // kind 9
        stream.AddRange(Frame(Session, 6, slot: 1));
        SendInChunks(producer, [.. stream], chunk: 13);

        Assert.True(source.TryAcquire(s_wait, out FrameLease? first), source.Stats.LastRejection);
        Assert.Equal(5UL, first.Descriptor.Sequence);
        Assert.True(first.Pixels.SequenceEqual(Pattern(5)));
        first.Release();
        Assert.True(source.TryAcquire(s_wait, out FrameLease? second), source.Stats.LastRejection);
        Assert.Equal((6UL, 1), (second.Descriptor.Sequence, second.Descriptor.Slot));
        Assert.True(second.Pixels.SequenceEqual(Pattern(6)));
        Assert.True(second.IsIntact);
        second.Release();

        FrameSourceStats stats = source.Stats;
        Assert.Equal(2, stats.Received);
        foreach (var reason in new[]
        {
            FrameRejectReason.BadMagic, FrameRejectReason.SlotOutOfRange, FrameRejectReason.DoesNotFit, FrameRejectReason.BadGeometry,
            FrameRejectReason.UnknownFormat, FrameRejectReason.WrongSession, FrameRejectReason.UnsupportedVersion, FrameRejectReason.UnknownKind,
        })
        {
            Assert.True(stats.Rejected(reason) == 1, $"{reason}: {stats.Rejected(reason)}");
        }
        Assert.Equal(8, stats.RejectedTotal);
        Assert.Equal(Session, stats.SessionId);
    }

    [Fact]
    public void TryAcquire_FrameBeforeHello_RejectedAsNoSession()
    {
        WriteRing(Session, (0, 1));
        using var source = new ShmFrameSource(Options(), MonotonicClock.System);
        using Socket producer = _listener.Accept();
        SendInChunks(producer, [.. Frame(Session, 1, slot: 0), .. Hello(Session), .. Frame(Session, 1, slot: 0)], chunk: 64);

        Assert.True(source.TryAcquire(s_wait, out FrameLease? lease));
        lease.Release();
        Assert.Equal(1, source.Stats.Rejected(FrameRejectReason.NoSession));
    }

    [Fact]
    public void Connect_HelloForAnotherRingFile_RejectedAsRingUnavailableAndRetried()
    {
        WriteRing(Session ^ 0xff, (0, 1)); // a stale file from another session
        using var source = new ShmFrameSource(Options(), MonotonicClock.System);
        using (Socket producer = _listener.Accept())
        {
            SendInChunks(producer, Hello(Session), chunk: 64);
            Assert.True(SpinWait.SpinUntil(() => source.Stats.Rejected(FrameRejectReason.RingUnavailable) == 1, s_wait));
        }
        Assert.Contains("session", source.Stats.LastRejection, StringComparison.Ordinal);

        // The consumer hung up and comes back; now the right ring is in place.
        WriteRing(Session, (0, 1));
        using Socket again = _listener.Accept();
        SendInChunks(again, [.. Hello(Session), .. Frame(Session, 1, slot: 0)], chunk: 64);
        Assert.True(source.TryAcquire(s_wait, out FrameLease? lease), source.Stats.LastRejection);
        Assert.True(lease.Pixels.SequenceEqual(Pattern(1)));
        lease.Release();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _dir.Dispose();
    }

    private ShmFrameSourceOptions Options() => new()
    {
        Name = "validation",
        RingPath = _ringPath,
        SocketPath = _socketPath,
        QueueCapacity = 8,
        ReconnectInterval = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Writes the ring file from the README's layout; each (slot, sequence) holds Pattern(sequence).</summary>
    private void WriteRing(ulong session, params (int Slot, ulong Sequence)[] frames)
    {
        var file = new byte[4096 + SlotCount * Capacity];
        Span<byte> h = file;
        BinaryPrimitives.WriteUInt64LittleEndian(h, 0x3130474E4952424F);
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 4096);
        BinaryPrimitives.WriteUInt64LittleEndian(h[16..], session);
        BinaryPrimitives.WriteInt32LittleEndian(h[24..], SlotCount);
        BinaryPrimitives.WriteInt32LittleEndian(h[28..], 64);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], Capacity);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], 4096);
        foreach (var (slot, sequence) in frames)
        {
            BinaryPrimitives.WriteInt64LittleEndian(h[(64 + 64 * slot)..], (long)(2 * sequence + 2));
            Pattern(sequence).CopyTo(h[(4096 + slot * Capacity)..]);
        }
        string temporary = _ringPath + ".tmp";
        File.WriteAllBytes(temporary, file);
        File.Move(temporary, _ringPath, overwrite: true);
    }

    private static byte[] Pattern(ulong sequence) => [.. Enumerable.Range(0, 32 * 32).Select(i => (byte)(i * 7 + (int)sequence))];

    private static byte[] Hello(ulong session)
    {
        var m = new byte[RingProtocol.MessageBytes];
        RingProtocol.WriteHello(m, new RingHello(session, SlotCount, Capacity, 4242));
        return m;
    }

    private static byte[] Frame(ulong session, ulong sequence, int slot, int width = 32, int height = 32, PixelFormat format = PixelFormat.Gray8)
    {
        var m = new byte[RingProtocol.MessageBytes];
        RingProtocol.WriteFrame(m, new FrameDescriptor(session, sequence, slot, format, width, height, Math.Max(width, 1), 1, 2));
        return m;
    }

    private static byte[] Patch(byte[] message, int offset, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(offset), value);
        return message;
    }

    private static void SendInChunks(Socket socket, byte[] bytes, int chunk)
    {
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            socket.Send(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
        }
    }
}
