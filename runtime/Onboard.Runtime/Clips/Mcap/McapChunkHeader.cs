namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Chunk record's fields before its records.</summary>
internal readonly record struct McapChunkHeader(
    ulong MessageStartTime, ulong MessageEndTime, long UncompressedSize, uint UncompressedCrc, string Compression, long CompressedSize);
