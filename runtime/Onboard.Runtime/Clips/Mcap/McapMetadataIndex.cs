namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Metadata Index record: where the Metadata record of that name is.</summary>
public sealed record McapMetadataIndex(long Offset, long Length, string Name);
