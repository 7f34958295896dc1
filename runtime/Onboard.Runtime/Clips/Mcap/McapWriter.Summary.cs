using System.Buffers.Binary;

namespace Onboard.Runtime.Clips.Mcap;

internal sealed partial class McapWriter
{
    /// <summary>Data End, then the summary grouped by opcode, one Summary Offset per group, the Footer and the magic.</summary>
    private void WriteSummary()
    {
        // The data section's CRC covers every byte before the Data End record.
        uint dataCrc = _crc.GetCurrentHashAsUInt32();
        int dataEnd = _scratch.BeginRecord(McapOpcode.DataEnd);
        _scratch.WriteUInt32(dataCrc);
        _scratch.EndRecord(dataEnd);
        EmitScratch();

        // From here the running CRC is the summary's: from the first summary record through the footer's
        // summary_offset_start field.
        _crc.Reset();
        long summaryStart = _position;
        Span<(McapOpcode Opcode, long Start, long Length)> groups = stackalloc (McapOpcode, long, long)[5];
        int count = 0;
        EmitGroup(McapOpcode.Schema, _schemas, groups, ref count);
        EmitGroup(McapOpcode.Channel, _channels, groups, ref count);
        WriteStatistics();
        EmitGroup(McapOpcode.Statistics, _scratch, groups, ref count);
        _scratch.Clear();
        EmitGroup(McapOpcode.ChunkIndex, _chunkIndexes, groups, ref count);
        EmitGroup(McapOpcode.MetadataIndex, _metadataIndexes, groups, ref count);

        long summaryOffsetStart = _position;
        foreach (var (opcode, start, length) in groups[..count])
        {
            int offset = _scratch.BeginRecord(McapOpcode.SummaryOffset);
            _scratch.WriteByte((byte)opcode);
            _scratch.WriteUInt64((ulong)start);
            _scratch.WriteUInt64((ulong)length);
            _scratch.EndRecord(offset);
        }
        EmitScratch();

        Span<byte> footer = stackalloc byte[McapFormat.RecordPrefix + McapFormat.FooterContent];
        footer[0] = (byte)McapOpcode.Footer;
        BinaryPrimitives.WriteUInt64LittleEndian(footer[1..], McapFormat.FooterContent);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[9..], (ulong)summaryStart);
        BinaryPrimitives.WriteUInt64LittleEndian(footer[17..], (ulong)summaryOffsetStart);
        _crc.Append(footer[..25]);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[25..], _crc.GetCurrentHashAsUInt32());
        Emit(footer);
        Emit(McapFormat.Magic);
    }

    private void EmitGroup(McapOpcode opcode, McapRecordBuffer records, Span<(McapOpcode, long, long)> groups, ref int count)
    {
        if (records.Length == 0)
        {
            return;
        }
        groups[count++] = (opcode, _position, records.Length);
        Emit(records.Written);
    }

    private void WriteStatistics()
    {
        int start = _scratch.BeginRecord(McapOpcode.Statistics);
        _scratch.WriteUInt64(_messageCount);
        _scratch.WriteUInt16((ushort)(_schemaIds.Count - 1));
        _scratch.WriteUInt32((uint)(_channelStates.Count - 1));
        _scratch.WriteUInt32(0); // attachments
        _scratch.WriteUInt32(_metadataCount);
        _scratch.WriteUInt32(_chunkCount);
        _scratch.WriteUInt64(_messageCount == 0 ? 0 : _fileStart);
        _scratch.WriteUInt64(_messageCount == 0 ? 0 : _fileEnd);
        // Every channel, those without messages too: "0 on /front/shadow" is worth seeing.
        int map = _scratch.BeginLengthPrefix();
        for (int id = 1; id < _channelStates.Count; id++)
        {
            _scratch.WriteUInt16((ushort)id);
            _scratch.WriteUInt64(_channelStates[id].Total);
        }
        _scratch.EndLengthPrefix(map);
        _scratch.EndRecord(start);
    }
}
