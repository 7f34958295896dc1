namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Chunk Index record: where a chunk and its Message Index records are, and what it holds.</summary>
public sealed record McapChunkIndex(
    ulong MessageStartTime,
    ulong MessageEndTime,
    long ChunkStartOffset,
    long ChunkLength,
    IReadOnlyDictionary<ushort, ulong> MessageIndexOffsets,
    long MessageIndexLength,
    string Compression,
    long CompressedSize,
    long UncompressedSize);
