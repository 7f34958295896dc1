using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Onboard.Runtime.Imaging;

/// <summary>
/// Says why an encoded image did not decode, from its structure alone: OpenCV only answers "empty Mat", so
/// this walks the PNG chunks / looks for JPEG's end-of-image marker to tell a truncated file (and where it
/// ends) from a corrupt one, and names the signature of a file that is neither.
/// </summary>
internal static class EncodedImageCheck
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegStart => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> JpegEnd => [0xFF, 0xD9];

    private const int PngChunkOverhead = 12; // length, type, CRC

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(PngSignature);

    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.StartsWith(JpegStart);

    /// <summary>The reason, as a clause: "it is truncated: …", "it is corrupt: …", "it is not a PNG or JPEG image …".</summary>
    public static string Why(ReadOnlySpan<byte> data)
    {
        if (IsPng(data))
        {
            return WhyPng(data);
        }
        if (IsJpeg(data))
        {
            return data.EndsWith(JpegEnd)
                ? "it is a corrupt JPEG: its markers run to the end-of-image marker (FF D9), but its data does not decode"
                : string.Create(CultureInfo.InvariantCulture, $"it is a truncated JPEG: it ends at byte offset {data.Length} without the end-of-image marker (FF D9)");
        }
        return "it is not a PNG or JPEG image (it starts with " + Hex(data[..Math.Min(8, data.Length)]) + ")";
    }

    private static string WhyPng(ReadOnlySpan<byte> data)
    {
        int offset = PngSignature.Length;
        while (offset < data.Length)
        {
            if (data.Length - offset < 8)
            {
                return Invariant($"it is a truncated PNG: it ends at byte offset {data.Length}, inside the header of the chunk at byte offset {offset}");
            }
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            string type = Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            if (length > int.MaxValue)
            {
                return Invariant($"it is a corrupt PNG: chunk '{type}' at byte offset {offset} claims {length} bytes");
            }
            long end = offset + PngChunkOverhead + (long)length;
            if (end > data.Length)
            {
                return Invariant($"it is a truncated PNG: chunk '{type}' at byte offset {offset} needs {PngChunkOverhead + length} bytes, the file ends at byte offset {data.Length}");
            }
            if (type == "IEND")
            {
                return Invariant($"it is a corrupt PNG: its chunks run complete to IEND at byte offset {offset}, but its data does not decode");
            }
            offset = (int)end;
        }
        return Invariant($"it is a truncated PNG: it ends at byte offset {data.Length} without an IEND chunk");
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "nothing" : string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
