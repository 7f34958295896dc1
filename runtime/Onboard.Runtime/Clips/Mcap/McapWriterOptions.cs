namespace Onboard.Runtime.Clips.Mcap;

/// <summary>How an <see cref="McapWriter"/> lays out its file.</summary>
internal sealed class McapWriterOptions
{
    /// <summary>Chunk compression. zstd by default: protobuf channels shrink several times; JPEG payloads pass through.</summary>
    public McapCompression Compression { get; init; } = McapCompression.Zstd;

    /// <summary>
    /// A chunk is closed before a message would take its uncompressed records past this many bytes (a message larger
    /// than this gets a chunk of its own). 4 MiB, as the mcap CLI's default: about a second of 720p JPEG at 30 fps,
    /// so a clip cut short loses at most that much, and an index lookup decompresses no more.
    /// </summary>
    public int ChunkSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>zstd level (1 = fastest; zstd's own default is 3). Ignored for the other compressions.</summary>
    public int ZstdLevel { get; init; } = 1;

    /// <summary>The Header's profile (empty: none of the well-known profiles).</summary>
    public string Profile { get; init; } = "";

    /// <summary>The Header's library: who wrote the file, for whoever debugs it.</summary>
    public string Library { get; init; } = "onboard " + typeof(McapWriterOptions).Assembly.GetName().Version?.ToString(3);

    /// <summary>Leave the stream open when the writer is disposed.</summary>
    public bool LeaveOpen { get; init; }
}
