using System.Buffers.Binary;
using System.Numerics;
using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>
/// The pipe-ingest wire format (see Frames/README.md): per frame a 64-byte header, the pixels, and an
/// 8-byte trailer; all integers little-endian.
/// <code>
/// header  0 u32 magic "OBPF"   4 u16 version (1)   6 u16 header bytes (64)   8 u64 sequence
///        16 i32 pixel format  20 i32 width        24 i32 height             28 i32 stride
///        32 i64 capture mono ns (0: stamp on arrival)  40 i64 capture UTC ns (0: stamp on arrival)
///        48 i64 payload bytes (= the format's frame size for width, height, stride)
///        56 u32 zero          60 u32 CRC-32C (Castagnoli) of bytes 0..59
/// payload  the frame's bytes
/// trailer 0 u32 magic "OBPE"  4 u32 low 32 bits of the sequence
/// </code>
/// The checksum lets a reader that lost its place tell a real header from pixel bytes that happen to
/// spell the magic; the trailer tells a complete frame from one cut short.
/// </summary>
internal static class PipeFrameFormat
{
    public const int HeaderBytes = 64;
    public const int TrailerBytes = 8;
    public const ushort Version = 1;
    public const uint HeaderMagic = 0x4650424F;  // "OBPF" as little-endian bytes
    public const uint TrailerMagic = 0x4550424F; // "OBPE"

    public static ReadOnlySpan<byte> HeaderMagicBytes => "OBPF"u8;

    public static void WriteHeader(Span<byte> header, in FrameDescriptor frame)
    {
        header = header[..HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(header, HeaderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], HeaderBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], frame.Sequence);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], (int)frame.Format);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], frame.Width);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], frame.Height);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], frame.Stride);
        BinaryPrimitives.WriteInt64LittleEndian(header[32..], frame.CaptureMonoNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[40..], frame.CaptureUtcNs);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], PixelFormatInfo.FrameBytes(frame.Format, frame.Width, frame.Height, frame.Stride));
        BinaryPrimitives.WriteUInt32LittleEndian(header[56..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[60..], Crc32C(header[..60]));
    }

    public static void WriteTrailer(Span<byte> trailer, ulong sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, TrailerMagic);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], (uint)sequence);
    }

    /// <summary>
    /// Reads a header. Null when it is well-formed and describes a frame of at most
    /// <paramref name="maxFrameBytes"/>; otherwise why not. <paramref name="frame"/> holds what the header says
    /// (session 0, slot 0) and <paramref name="payloadBytes"/> the payload length.
    /// </summary>
    public static FrameRejectReason? ReadHeader(ReadOnlySpan<byte> header, long maxFrameBytes, out FrameDescriptor frame, out long payloadBytes)
    {
        frame = default;
        payloadBytes = 0;
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != HeaderMagic)
        {
            return FrameRejectReason.BadMagic;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(header[60..]) != Crc32C(header[..60]))
        {
            return FrameRejectReason.BadChecksum;
        }
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[4..]) != Version || BinaryPrimitives.ReadUInt16LittleEndian(header[6..]) != HeaderBytes)
        {
            return FrameRejectReason.UnsupportedVersion;
        }
        frame = new FrameDescriptor(
            SessionId: 0,
            Sequence: BinaryPrimitives.ReadUInt64LittleEndian(header[8..]),
            Slot: 0,
            Format: (PixelFormat)BinaryPrimitives.ReadInt32LittleEndian(header[16..]),
            Width: BinaryPrimitives.ReadInt32LittleEndian(header[20..]),
            Height: BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            Stride: BinaryPrimitives.ReadInt32LittleEndian(header[28..]),
            CaptureMonoNs: BinaryPrimitives.ReadInt64LittleEndian(header[32..]),
            CaptureUtcNs: BinaryPrimitives.ReadInt64LittleEndian(header[40..]));
        payloadBytes = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        if (FrameGeometry.Check(frame.Format, frame.Width, frame.Height, frame.Stride, maxFrameBytes, out long frameBytes) is { } problem)
        {
            return problem;
        }
        return payloadBytes == frameBytes ? null : FrameRejectReason.DoesNotFit;
    }

    /// <summary>True when <paramref name="trailer"/> closes the frame with <paramref name="sequence"/>.</summary>
    public static bool IsTrailer(ReadOnlySpan<byte> trailer, ulong sequence) =>
        BinaryPrimitives.ReadUInt32LittleEndian(trailer) == TrailerMagic && BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)sequence;

    /// <summary>Standard CRC-32C (Castagnoli; init and final xor 0xFFFFFFFF): "123456789" gives 0xE3069283.
    /// Uses the CPU's CRC32 instructions where it has them (SSE4.2, ARMv8 CRC).</summary>
    public static uint Crc32C(ReadOnlySpan<byte> bytes)
    {
        uint crc = uint.MaxValue;
        int i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
        }
        for (; i < bytes.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, bytes[i]);
        }
        return ~crc;
    }
}
