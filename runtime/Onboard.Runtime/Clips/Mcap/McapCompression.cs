namespace Onboard.Runtime.Clips.Mcap;

/// <summary>How chunk records are compressed (the spec's well-known compression formats).</summary>
public enum McapCompression
{
    /// <summary>Chunks hold their records as they are (compression "").</summary>
    None,

    /// <summary>Zstandard frames (compression "zstd").</summary>
    Zstd,

    /// <summary>LZ4 frames, independent blocks (compression "lz4").</summary>
    Lz4,
}
