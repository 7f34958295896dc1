namespace Onboard.Runtime.Clips.Mcap;

/// <summary>What a whole file's summary section says (read without touching the data section).</summary>
public sealed record McapSummary(
    McapHeader Header,
    IReadOnlyDictionary<ushort, McapSchema> Schemas,
    IReadOnlyDictionary<ushort, McapChannel> Channels,
    McapStatistics? Statistics,
    IReadOnlyList<McapChunkIndex> ChunkIndexes,
    IReadOnlyList<McapMetadataIndex> MetadataIndexes);
