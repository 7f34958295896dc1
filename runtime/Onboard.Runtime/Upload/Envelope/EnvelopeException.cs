namespace Onboard.Runtime.Upload.Envelope;

/// <summary>
/// An envelope that does not decrypt: altered, truncated, reordered, or for another key. <see cref="Where"/> names the
/// place (<c>header</c> or <c>segment N</c>) and <see cref="Offset"/> the byte offset in the file where it starts.
/// </summary>
public sealed class EnvelopeException(string where, long offset, string message)
    : Exception($"{where} (byte offset {offset}): {message}")
{
    public string Where { get; } = where;
    public long Offset { get; } = offset;
    /// <summary>The failing segment's index, or -1 for the header.</summary>
    public long Segment { get; init; } = -1;
}
