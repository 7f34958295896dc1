namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A record that cannot be parsed. Internal: the reader turns it into an <see cref="McapStop"/> with the
/// record's offset, so it never reaches a caller without saying where.</summary>
internal sealed class McapFormatException(string problem) : Exception(problem);
