using System.Buffers;

namespace Onboard.Runtime.Frames;

/// <summary>Resynchronising a byte stream that lost its framing: both wire formats start records with a 4-byte magic.</summary>
internal static class MagicScanner
{
    /// <summary>Drops the first byte of <paramref name="buffer"/> and everything up to the next
    /// <paramref name="magic"/>; without one, keeps only a tail that could be its beginning.</summary>
    public static void SkipToNext(ref ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> magic)
    {
        var reader = new SequenceReader<byte>(buffer.Slice(1));
        buffer = reader.TryReadTo(out ReadOnlySequence<byte> _, magic, advancePastDelimiter: false)
            ? buffer.Slice(reader.Position)
            : buffer.Slice(Math.Max(1, buffer.Length - (magic.Length - 1)));
    }

    /// <summary>Where in <paramref name="bytes"/> a record could start: the first <paramref name="magic"/>;
    /// without one, the tail that could be its beginning (the rest of it may follow these bytes).</summary>
    public static int FirstOrTail(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> magic)
    {
        int first = bytes.IndexOf(magic);
        return first >= 0 ? first : Math.Max(0, bytes.Length - (magic.Length - 1));
    }
}
