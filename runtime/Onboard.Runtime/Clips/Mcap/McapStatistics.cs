namespace Onboard.Runtime.Clips.Mcap;

/// <summary>The Statistics record of a file's summary. Times are ns (0 when the file has no messages).</summary>
public sealed record McapStatistics(
    ulong MessageCount,
    ushort SchemaCount,
    uint ChannelCount,
    uint AttachmentCount,
    uint MetadataCount,
    uint ChunkCount,
    ulong MessageStartTime,
    ulong MessageEndTime,
    IReadOnlyDictionary<ushort, ulong> ChannelMessageCounts);
