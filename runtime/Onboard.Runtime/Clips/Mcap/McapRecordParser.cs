namespace Onboard.Runtime.Clips.Mcap;

/// <summary>Parses the content of each record kind the reader uses (spec field order).</summary>
internal static class McapRecordParser
{
    public static McapHeader Header(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapHeader(r.ReadString("profile"), r.ReadString("library"));
    }

    public static McapSchema Schema(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        ushort id = r.ReadUInt16("id");
        string name = r.ReadString("name");
        string encoding = r.ReadString("encoding");
        uint length = r.ReadUInt32("data length");
        byte[] data = r.ReadBytes(length, "data").ToArray();
        if (id == 0)
        {
            throw new McapFormatException("schema id 0 is invalid");
        }
        return new McapSchema(id, name, encoding, data);
    }

    public static McapChannel Channel(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapChannel(r.ReadUInt16("id"), r.ReadUInt16("schema_id"), r.ReadString("topic"), r.ReadString("message_encoding"),
            r.ReadStringMap("metadata"));
    }

    public static McapChunkHeader ChunkHeader(ref McapSpanReader r) => new(
        r.ReadUInt64("message_start_time"), r.ReadUInt64("message_end_time"), r.ReadLength("uncompressed_size"),
        r.ReadUInt32("uncompressed_crc"), r.ReadString("compression"), r.ReadLength("records length"));

    public static McapMetadata Metadata(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapMetadata(r.ReadString("name"), r.ReadStringMap("metadata"));
    }

    public static McapStatistics Statistics(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapStatistics(r.ReadUInt64("message_count"), r.ReadUInt16("schema_count"), r.ReadUInt32("channel_count"),
            r.ReadUInt32("attachment_count"), r.ReadUInt32("metadata_count"), r.ReadUInt32("chunk_count"),
            r.ReadUInt64("message_start_time"), r.ReadUInt64("message_end_time"), r.ReadUInt16UInt64Map("channel_message_counts"));
    }

    public static McapChunkIndex ChunkIndex(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapChunkIndex(r.ReadUInt64("message_start_time"), r.ReadUInt64("message_end_time"), r.ReadLength("chunk_start_offset"),
            r.ReadLength("chunk_length"), r.ReadUInt16UInt64Map("message_index_offsets"), r.ReadLength("message_index_length"),
            r.ReadString("compression"), r.ReadLength("compressed_size"), r.ReadLength("uncompressed_size"));
    }

    public static McapMetadataIndex MetadataIndex(ReadOnlySpan<byte> content)
    {
        var r = new McapSpanReader(content);
        return new McapMetadataIndex(r.ReadLength("offset"), r.ReadLength("length"), r.ReadString("name"));
    }

    public static uint DataEnd(ReadOnlySpan<byte> content) => new McapSpanReader(content).ReadUInt32("data_section_crc");

    /// <summary>What a record is called in a stop message.</summary>
    public static string Name(byte opcode) => opcode switch
    {
        >= 0x01 and <= 0x0F => ((McapOpcode)opcode).ToString(),
        >= 0x80 => $"private record 0x{opcode:X2}",
        _ => $"unknown record 0x{opcode:X2}",
    };
}
