using System.Globalization;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// The outcome of a read: <see cref="Complete"/> when the whole file was read and every CRC held; otherwise
/// <see cref="Stop"/> names where it stopped. Whatever was valid before that point was delivered to the handler.
/// </summary>
public sealed record McapReadResult(bool Complete, long MessagesRead, long ChunksRead, McapStop? Stop, bool UsedSummary)
{
    public override string ToString() => Complete
        ? string.Create(CultureInfo.InvariantCulture, $"complete: {MessagesRead} messages in {ChunksRead} chunks")
        : string.Create(CultureInfo.InvariantCulture, $"{Stop}; {MessagesRead} messages in {ChunksRead} chunks before it are valid");
}
