namespace Onboard.Runtime.Clips.Mcap;

public sealed partial class McapReader
{
    /// <summary>
    /// Delivers the messages of the channels <paramref name="channels"/> selects (all when null), with the schemas,
    /// channels and metadata: through the summary when the file has a valid one — only the chunks holding a selected
    /// channel are read, each checked against its CRC — and by <see cref="Scan"/> otherwise. Messages come in file
    /// order (chunk by chunk), which is log-time order for files written in capture order.
    /// </summary>
    public McapReadResult ReadMessages(IMcapHandler handler, Func<McapChannel, bool>? channels = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!TryReadSummary(out var summary, out _))
        {
            return Scan(channels is null ? handler : new McapFilteringHandler(handler, channels));
        }
        var scan = new McapScanState(handler, usedSummary: true);
        long offset = 0;
        string record = "summary";
        try
        {
            handler.OnHeader(summary!.Header);
            foreach (var schema in summary.Schemas.Values.OrderBy(s => s.Id))
            {
                scan.AddSchema(schema, deliver: true);
            }
            foreach (var channel in summary.Channels.Values.OrderBy(c => c.Id))
            {
                scan.AddChannel(channel, deliver: true);
            }
            foreach (var index in summary.MetadataIndexes)
            {
                offset = index.Offset;
                record = "Metadata " + index.Name;
                if (ReadMetadataAt(index) is { } metadata)
                {
                    handler.OnMetadata(metadata);
                }
            }
            foreach (var chunk in summary.ChunkIndexes)
            {
                offset = chunk.ChunkStartOffset;
                record = scan.RecordName((byte)McapOpcode.Chunk);
                if (channels is not null && chunk.MessageIndexOffsets.Count > 0 && !HoldsSelected(chunk, summary, channels))
                {
                    scan.ChunkDone();
                    continue;
                }
                DeliverChunk(scan, ReadRecordContent(chunk.ChunkStartOffset, chunk.ChunkLength, McapOpcode.Chunk), channels);
            }
            return scan.Completed();
        }
        catch (McapFormatException e)
        {
            return scan.Stopped(offset, record, e.Message);
        }
        catch (IOException e)
        {
            return scan.Stopped(offset, record, "reading failed: " + e.Message);
        }
    }

    private static bool HoldsSelected(McapChunkIndex chunk, McapSummary summary, Func<McapChannel, bool> channels)
    {
        foreach (ushort id in chunk.MessageIndexOffsets.Keys)
        {
            if (summary.Channels.TryGetValue(id, out var channel) && channels(channel))
            {
                return true;
            }
        }
        return false;
    }

    private McapMetadata? ReadMetadataAt(McapMetadataIndex index) =>
        McapRecordParser.Metadata(ReadRecordContent(index.Offset, index.Length, McapOpcode.Metadata));

    /// <summary>The content of the record the index points at, checking it is the record the index says.</summary>
    private ReadOnlySpan<byte> ReadRecordContent(long offset, long length, McapOpcode expected)
    {
        if (offset < 0 || length < McapFormat.RecordPrefix || offset + length > Length || length > MaxRecord)
        {
            throw new McapFormatException($"the summary points at bytes {offset}..{offset + length}, outside the file");
        }
        var record = ContentBuffer((int)length);
        ReadAt(offset, record);
        if (record[0] != (byte)expected || System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(record[1..]) != (ulong)(length - McapFormat.RecordPrefix))
        {
            throw new McapFormatException($"the summary points at a {expected} record here, but the bytes there are not one");
        }
        return record[McapFormat.RecordPrefix..];
    }
}
