namespace Onboard.Runtime.Clips.Mcap;

internal sealed partial class McapWriter
{
    /// <summary>Writes the open chunk (compressed, with its CRC), its Message Index records, and its Chunk Index into the summary.</summary>
    private void FlushChunk()
    {
        if (_chunk.Length == 0)
        {
            return;
        }
        var records = _chunk.Written;
        _chunkCrc.Reset();
        _chunkCrc.Append(records);
        uint crc = _chunkCrc.GetCurrentHashAsUInt32();
        var payload = _compressor.Compress(records);

        long chunkOffset = _position;
        int start = _scratch.BeginRecord(McapOpcode.Chunk);
        _scratch.WriteUInt64(_chunkStart);
        _scratch.WriteUInt64(_chunkEnd);
        _scratch.WriteUInt64((ulong)records.Length);
        _scratch.WriteUInt32(crc);
        _scratch.WriteUInt32((uint)_compressionName.Length);
        _scratch.WriteBytes(_compressionName);
        _scratch.WriteUInt64((ulong)payload.Length);
        _scratch.EndRecord(start);
        // The prefix's content length must cover the payload that follows it, not only the fields in the buffer.
        _scratch.PatchUInt64(start + 1, (ulong)(_scratch.Length - start - McapFormat.RecordPrefix + payload.Length));
        EmitScratch();
        Emit(payload);
        long chunkLength = _position - chunkOffset;

        long indexOffset = _position;
        foreach (ushort channelId in _chunkChannels)
        {
            var state = _channelStates[channelId];
            state.IndexOffset = _position + _scratch.Length;
            int index = _scratch.BeginRecord(McapOpcode.MessageIndex);
            _scratch.WriteUInt16(channelId);
            _scratch.WriteUInt32((uint)(state.ChunkEntries * 16));
            var times = state.Times;
            var offsets = state.Offsets;
            for (int i = 0; i < times.Length; i++)
            {
                _scratch.WriteUInt64(times[i]);
                _scratch.WriteUInt64(offsets[i]);
            }
            _scratch.EndRecord(index);
        }
        EmitScratch();
        long indexLength = _position - indexOffset;

        int entry = _chunkIndexes.BeginRecord(McapOpcode.ChunkIndex);
        _chunkIndexes.WriteUInt64(_chunkStart);
        _chunkIndexes.WriteUInt64(_chunkEnd);
        _chunkIndexes.WriteUInt64((ulong)chunkOffset);
        _chunkIndexes.WriteUInt64((ulong)chunkLength);
        int map = _chunkIndexes.BeginLengthPrefix();
        foreach (ushort channelId in _chunkChannels)
        {
            var state = _channelStates[channelId];
            _chunkIndexes.WriteUInt16(channelId);
            _chunkIndexes.WriteUInt64((ulong)state.IndexOffset);
            state.ResetChunk();
        }
        _chunkIndexes.EndLengthPrefix(map);
        _chunkIndexes.WriteUInt64((ulong)indexLength);
        _chunkIndexes.WriteUInt32((uint)_compressionName.Length);
        _chunkIndexes.WriteBytes(_compressionName);
        _chunkIndexes.WriteUInt64((ulong)payload.Length);
        _chunkIndexes.WriteUInt64((ulong)records.Length);
        _chunkIndexes.EndRecord(entry);

        _chunkChannels.Clear();
        _chunk.Clear();
        _chunkStart = ulong.MaxValue;
        _chunkEnd = 0;
        _chunkCount++;
    }

    private void EmitScratch()
    {
        Emit(_scratch.Written);
        _scratch.Clear();
    }

    /// <summary>Every byte goes out here: counted for offsets and folded into the running CRC (data section, then summary).</summary>
    private void Emit(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        _crc.Append(bytes);
        _position += bytes.Length;
    }
}
