using System.Globalization;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Where and why reading stopped: the byte offset of the record that could not be read (everything before it was
/// valid and was delivered), what that record is, and what is wrong with it.
/// </summary>
public sealed record McapStop(long Offset, string Record, string Problem)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"stopped at byte {Offset} ({Record}): {Problem}");
}
