namespace Onboard.Runtime.Clips.Mcap;

/// <summary>Fixed parts of the MCAP format the writer and reader share.</summary>
internal static class McapFormat
{
    /// <summary>0x89 "MCAP" '0' "\r\n": the file's first and last 8 bytes (major version 0).</summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'M', (byte)'C', (byte)'A', (byte)'P', 0x30, (byte)'\r', (byte)'\n'];

    /// <summary>Opcode (1) + record content length (8).</summary>
    public const int RecordPrefix = 9;

    /// <summary>Channel id, sequence, log time, publish time: the Message record's fixed part before its data.</summary>
    public const int MessageFixed = 2 + 4 + 8 + 8;

    /// <summary>summary_start, summary_offset_start, summary_crc.</summary>
    public const int FooterContent = 8 + 8 + 4;

    /// <summary>The Footer record with its prefix, then the trailing magic: what sits at the very end of a whole file.</summary>
    public const int FooterAndMagic = RecordPrefix + FooterContent + 8;

    /// <summary>data_section_crc.</summary>
    public const int DataEndContent = 4;

    public static string CompressionName(McapCompression compression) => compression switch
    {
        McapCompression.Zstd => "zstd",
        McapCompression.Lz4 => "lz4",
        _ => "",
    };
}
