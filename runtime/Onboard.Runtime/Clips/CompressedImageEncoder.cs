using System.Text;
using Google.Protobuf;

namespace Onboard.Runtime.Clips;

/// <summary>
/// Serialises a <c>foxglove.CompressedImage</c> straight into the space the MCAP writer reserves, byte for byte what
/// <c>CompressedImage.ToByteArray()</c> gives (fields in number order: timestamp 1, data 2, format 3, frame_id 4),
/// without copying the JPEG into a ByteString first: a frame costs no allocation.
/// </summary>
internal static class CompressedImageEncoder
{
    private const byte TimestampTag = (1 << 3) | 2;
    private const byte DataTag = (2 << 3) | 2;
    private const byte FormatTag = (3 << 3) | 2;
    private const byte FrameIdTag = (4 << 3) | 2;
    private const byte SecondsTag = 1 << 3;
    private const byte NanosTag = 2 << 3;

    public static int Size(long utcNs, string frameId, int dataLength, string format)
    {
        int timestamp = TimestampSize(utcNs);
        // The timestamp is a set message field: present even when it is all zeros, as Google's serializer writes it.
        return 1 + CodedOutputStream.ComputeLengthSize(timestamp) + timestamp
            + (dataLength > 0 ? 1 + CodedOutputStream.ComputeLengthSize(dataLength) + dataLength : 0)
            + StringSize(format) + StringSize(frameId);
    }

    public static void Write(Span<byte> destination, long utcNs, string frameId, ReadOnlySpan<byte> data, string format)
    {
        int at = 0;
        int timestamp = TimestampSize(utcNs);
        destination[at++] = TimestampTag;
        at += WriteVarint(destination[at..], (ulong)timestamp);
        var (seconds, nanos) = ClipTime.Split(utcNs);
        if (seconds != 0)
        {
            destination[at++] = SecondsTag;
            at += WriteVarint(destination[at..], (ulong)seconds);
        }
        if (nanos != 0)
        {
            destination[at++] = NanosTag;
            at += WriteVarint(destination[at..], (ulong)nanos);
        }
        if (data.Length > 0)
        {
            destination[at++] = DataTag;
            at += WriteVarint(destination[at..], (ulong)data.Length);
            data.CopyTo(destination[at..]);
            at += data.Length;
        }
        at += WriteString(destination[at..], FormatTag, format);
        _ = WriteString(destination[at..], FrameIdTag, frameId);
    }

    private static int TimestampSize(long utcNs)
    {
        var (seconds, nanos) = ClipTime.Split(utcNs);
        return (seconds != 0 ? 1 + CodedOutputStream.ComputeInt64Size(seconds) : 0) + (nanos != 0 ? 1 + CodedOutputStream.ComputeInt32Size(nanos) : 0);
    }

    private static int StringSize(string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > 0 ? 1 + CodedOutputStream.ComputeLengthSize(bytes) + bytes : 0;
    }

    private static int WriteString(Span<byte> destination, byte tag, string value)
    {
        int bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes == 0)
        {
            return 0;
        }
        destination[0] = tag;
        int at = 1 + WriteVarint(destination[1..], (ulong)bytes);
        return at + Encoding.UTF8.GetBytes(value, destination[at..]);
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[at++] = (byte)value;
        return at;
    }
}
