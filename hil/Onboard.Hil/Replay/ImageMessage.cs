using System.Buffers.Binary;

namespace Onboard.Hil.Replay;

/// <summary>
/// The fields a replay needs from a recorded foxglove.RawImage or foxglove.CompressedImage, read straight from the
/// protobuf wire bytes: the generated parser would copy every frame's pixels into a new ByteString (megabytes per
/// frame, garbage at the recording's frame rate); this points into the message instead.
/// </summary>
internal ref struct ImageMessage
{
    // foxglove.RawImage: width = 2, height = 3 (fixed32), encoding = 4, step = 5 (fixed32), data = 6.
    // foxglove.CompressedImage: data = 2, format = 3.
    public uint Width;
    public uint Height;
    public uint Step;
    public ReadOnlySpan<byte> Encoding;
    public ReadOnlySpan<byte> Data;

    /// <summary>Reads <paramref name="message"/>; null, or what is wrong with it.</summary>
    public static string? TryRead(ReadOnlySpan<byte> message, bool compressed, out ImageMessage image)
    {
        image = default;
        int at = 0;
        while (at < message.Length)
        {
            if (!TryVarint(message, ref at, out ulong tag))
            {
                return $"a field tag at byte {at} runs past the message's end";
            }
            int field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryVarint(message, ref at, out _))
                    {
                        return $"field {field} runs past the message's end";
                    }
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    if (at + 4 > message.Length)
                    {
                        return $"field {field} runs past the message's end";
                    }
                    uint value = BinaryPrimitives.ReadUInt32LittleEndian(message[at..]);
                    at += 4;
                    if (compressed)
                    {
                        break;
                    }
                    if (field == 2)
                    {
                        image.Width = value;
                    }
                    else if (field == 3)
                    {
                        image.Height = value;
                    }
                    else if (field == 5)
                    {
                        image.Step = value;
                    }
                    break;
                case 2:
                    if (!TryVarint(message, ref at, out ulong length) || length > (ulong)(message.Length - at))
                    {
                        return $"field {field} runs past the message's end";
                    }
                    ReadOnlySpan<byte> bytes = message.Slice(at, (int)length);
                    at += (int)length;
                    if (field == (compressed ? 2 : 6))
                    {
                        image.Data = bytes;
                    }
                    else if (field == (compressed ? 3 : 4))
                    {
                        image.Encoding = bytes;
                    }
                    break;
                default:
                    return $"field {field} has wire type {tag & 7}, which neither image schema uses";
            }
            if (at > message.Length)
            {
                return $"field {field} runs past the message's end";
            }
        }
        return null;
    }

    /// <summary><see cref="Encoding"/> as text, reusing <paramref name="last"/> when it is the same (one string for a whole recording).</summary>
    public readonly string EncodingText(string last)
    {
        Span<byte> known = stackalloc byte[64];
        return System.Text.Encoding.UTF8.TryGetBytes(last, known, out int written) && known[..written].SequenceEqual(Encoding)
            ? last : System.Text.Encoding.UTF8.GetString(Encoding);
    }

    private static bool TryVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && at < data.Length; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        return false;
    }
}
