using System.Buffers.Binary;
using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// The descriptor socket's messages: fixed 64-byte records, little-endian (see Frames/README.md).
/// <code>
/// both   0 u32 magic "OBRD"   4 u16 version (1)   6 u16 kind (1 hello, 2 frame)   8 u64 session id
/// hello 16 i32 slot count    20 i32 producer pid  24 i64 slot capacity            32..63 zero
/// frame 16 u64 sequence      24 i32 slot          28 i32 pixel format (PixelFormat) 32 i32 width
///       36 i32 height        40 i32 stride        44 u32 zero                     48 i64 capture mono ns
///       56 i64 capture UTC ns (since the Unix epoch)
/// </code>
/// Fixed-size records make framing trivial and let a reader that lost its place find the next magic.
/// </summary>
internal static class RingProtocol
{
    public const int MessageBytes = 64;
    public const uint Magic = 0x4452424F; // "OBRD" as little-endian bytes
    public const ushort Version = 1;

    /// <summary>The magic as it appears on the wire, for resynchronising.</summary>
    public static ReadOnlySpan<byte> MagicBytes => "OBRD"u8;

    public static void WriteHello(Span<byte> message, RingHello hello)
    {
        message[..MessageBytes].Clear();
        WriteCommon(message, RingMessageKind.Hello, hello.SessionId);
        BinaryPrimitives.WriteInt32LittleEndian(message[16..], hello.SlotCount);
        BinaryPrimitives.WriteInt32LittleEndian(message[20..], hello.ProducerPid);
        BinaryPrimitives.WriteInt64LittleEndian(message[24..], hello.SlotCapacity);
    }

    public static void WriteFrame(Span<byte> message, in FrameDescriptor frame)
    {
        WriteCommon(message, RingMessageKind.Frame, frame.SessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(message[16..], frame.Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(message[24..], frame.Slot);
        BinaryPrimitives.WriteInt32LittleEndian(message[28..], (int)frame.Format);
        BinaryPrimitives.WriteInt32LittleEndian(message[32..], frame.Width);
        BinaryPrimitives.WriteInt32LittleEndian(message[36..], frame.Height);
        BinaryPrimitives.WriteInt32LittleEndian(message[40..], frame.Stride);
        BinaryPrimitives.WriteUInt32LittleEndian(message[44..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(message[48..], frame.CaptureMonoNs);
        BinaryPrimitives.WriteInt64LittleEndian(message[56..], frame.CaptureUtcNs);
    }

    /// <summary>
    /// Reads the common part of a 64-byte message. Null when it is a version-1 message of a known kind;
    /// otherwise why not (the caller skips the whole record: its magic was right, so framing is intact).
    /// </summary>
    public static FrameRejectReason? ReadKind(ReadOnlySpan<byte> message, out RingMessageKind kind)
    {
        kind = default;
        if (BinaryPrimitives.ReadUInt32LittleEndian(message) != Magic)
        {
            return FrameRejectReason.BadMagic;
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(message[4..]) != Version)
        {
            return FrameRejectReason.UnsupportedVersion;
        }
        kind = (RingMessageKind)BinaryPrimitives.ReadUInt16LittleEndian(message[6..]);
        return kind is RingMessageKind.Hello or RingMessageKind.Frame ? null : FrameRejectReason.UnknownKind;
    }

    public static RingHello ReadHello(ReadOnlySpan<byte> message) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(message[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(message[16..]),
        BinaryPrimitives.ReadInt64LittleEndian(message[24..]),
        BinaryPrimitives.ReadInt32LittleEndian(message[20..]));

    public static FrameDescriptor ReadFrame(ReadOnlySpan<byte> message) => new(
        SessionId: BinaryPrimitives.ReadUInt64LittleEndian(message[8..]),
        Sequence: BinaryPrimitives.ReadUInt64LittleEndian(message[16..]),
        Slot: BinaryPrimitives.ReadInt32LittleEndian(message[24..]),
        Format: (PixelFormat)BinaryPrimitives.ReadInt32LittleEndian(message[28..]),
        Width: BinaryPrimitives.ReadInt32LittleEndian(message[32..]),
        Height: BinaryPrimitives.ReadInt32LittleEndian(message[36..]),
        Stride: BinaryPrimitives.ReadInt32LittleEndian(message[40..]),
        CaptureMonoNs: BinaryPrimitives.ReadInt64LittleEndian(message[48..]),
        CaptureUtcNs: BinaryPrimitives.ReadInt64LittleEndian(message[56..]));

    private static void WriteCommon(Span<byte> message, RingMessageKind kind, ulong session)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], (ushort)kind);
        BinaryPrimitives.WriteUInt64LittleEndian(message[8..], session);
    }
}
