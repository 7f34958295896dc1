using System.Buffers.Binary;
using System.IO.Hashing;
using Google.Protobuf;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Writes an MCAP file (spec version 0) to a stream, front to back, never seeking: magic, Header, Schema and Channel
/// records as they are added, messages into chunks (zstd, lz4 or uncompressed) each followed by its Message Index
/// records, Metadata records; then <see cref="Finish"/> writes Data End (with the data section's CRC), the summary
/// (Schemas, Channels, Statistics, Chunk Indexes, Metadata Indexes), Summary Offsets and the Footer (with the
/// summary's CRC). Every chunk carries the CRC of its uncompressed records.
/// <para>
/// Streaming: a message is appended to the open chunk, which is compressed and written when the next message would
/// take it past <see cref="McapWriterOptions.ChunkSize"/>. Once the buffers have grown to their working size a
/// message costs no allocation. Durability is the caller's: write to a temporary file and commit it
/// (<see cref="AtomicFile"/>) after <see cref="Finish"/>. A file whose writer never finished has no summary; the
/// <see cref="McapReader"/> reads it linearly up to the last whole chunk.
/// </para>
/// <para>Not thread-safe: one thread writes (the recorder's).</para>
/// </summary>
internal sealed partial class McapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly McapWriterOptions _options;
    private readonly byte[] _compressionName;
    private readonly McapChunkCompressor _compressor;
    private readonly Crc32 _crc = new();
    private readonly Crc32 _chunkCrc = new();

    // The open chunk's uncompressed records; records written straight to the file; the summary's groups, kept as the
    // bytes they will be written as.
    private readonly McapRecordBuffer _chunk;
    private readonly McapRecordBuffer _scratch = new(4096);
    private readonly McapRecordBuffer _schemas = new(1024);
    private readonly McapRecordBuffer _channels = new(1024);
    private readonly McapRecordBuffer _chunkIndexes = new(4096);
    private readonly McapRecordBuffer _metadataIndexes = new(256);

    // Indexed by id; slot 0 unused (schema id 0 means "no schema"; channel ids start at 1 here too).
    private readonly List<bool> _schemaIds = [false];
    private readonly List<McapChannelState> _channelStates = [null!];
    private readonly List<ushort> _chunkChannels = [];

    private long _position;
    private ulong _chunkStart = ulong.MaxValue;
    private ulong _chunkEnd;
    private ulong _fileStart = ulong.MaxValue;
    private ulong _fileEnd;
    private ulong _messageCount;
    private uint _chunkCount;
    private uint _metadataCount;
    private bool _finished;
    private bool _disposed;

    public McapWriter(Stream stream, McapWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? new McapWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ChunkSize, 1, nameof(options));
        _compressionName = System.Text.Encoding.UTF8.GetBytes(McapFormat.CompressionName(_options.Compression));
        _compressor = new McapChunkCompressor(_options.Compression, _options.ZstdLevel);
        _chunk = new McapRecordBuffer(Math.Min(_options.ChunkSize, 64 * 1024 * 1024) + 1024);

        Emit(McapFormat.Magic);
        int header = _scratch.BeginRecord(McapOpcode.Header);
        _scratch.WriteString(_options.Profile);
        _scratch.WriteString(_options.Library);
        _scratch.EndRecord(header);
        EmitScratch();
    }

    /// <summary>Bytes written to the stream so far (the open chunk is not yet among them).</summary>
    public long BytesWritten => _position;

    /// <summary>Messages written so far, the open chunk's included.</summary>
    public ulong MessageCount => _messageCount;

    /// <summary>
    /// Adds a schema and writes its record. For protobuf: <paramref name="name"/> is the message's full name,
    /// <paramref name="encoding"/> "protobuf" and <paramref name="data"/> a FileDescriptorSet with every dependency
    /// (<see cref="McapProtobufSchema"/>). Returns its id (1, 2, …). The caller dedups: each call is a new schema.
    /// </summary>
    public ushort AddSchema(string name, string encoding, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(encoding);
        ThrowIfFinished();
        if (_schemaIds.Count > ushort.MaxValue)
        {
            McapThrowHelper.ThrowTooMany("schemas");
        }
        ushort id = (ushort)_schemaIds.Count;
        _schemaIds.Add(true);
        foreach (var buffer in (ReadOnlySpan<McapRecordBuffer>)[_scratch, _schemas])
        {
            int start = buffer.BeginRecord(McapOpcode.Schema);
            buffer.WriteUInt16(id);
            buffer.WriteString(name);
            buffer.WriteString(encoding);
            buffer.WriteUInt32((uint)data.Length);
            buffer.WriteBytes(data);
            buffer.EndRecord(start);
        }
        // Straight into the data section, not into the open chunk: that chunk is written after this record, so its
        // messages still follow their channel, and a chunk lost to corruption never takes a definition with it.
        EmitScratch();
        return id;
    }

    /// <summary>Adds a channel (<paramref name="schemaId"/> 0: no schema) and writes its record. Returns its id (1, 2, …).</summary>
    public ushort AddChannel(ushort schemaId, string topic, string messageEncoding, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(messageEncoding);
        ThrowIfFinished();
        if (schemaId >= _schemaIds.Count)
        {
            McapThrowHelper.ThrowUnknownSchema(schemaId);
        }
        if (_channelStates.Count > ushort.MaxValue)
        {
            McapThrowHelper.ThrowTooMany("channels");
        }
        ushort id = (ushort)_channelStates.Count;
        _channelStates.Add(new McapChannelState(id));
        foreach (var buffer in (ReadOnlySpan<McapRecordBuffer>)[_scratch, _channels])
        {
            int start = buffer.BeginRecord(McapOpcode.Channel);
            buffer.WriteUInt16(id);
            buffer.WriteUInt16(schemaId);
            buffer.WriteString(topic);
            buffer.WriteString(messageEncoding);
            buffer.WriteStringMap(metadata);
            buffer.EndRecord(start);
        }
        EmitScratch();
        return id;
    }

    /// <summary>Writes one message. Times are ns (log time: when it was recorded; publish time: when it was sent).</summary>
    public void WriteMessage(ushort channelId, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data) =>
        data.CopyTo(ReserveMessage(channelId, sequence, logTime, publishTime, data.Length));

    /// <summary>Writes one protobuf message, serialised straight into the open chunk (no intermediate copy).</summary>
    public void WriteMessage<T>(ushort channelId, uint sequence, ulong logTime, ulong publishTime, T message)
        where T : IMessage
    {
        ArgumentNullException.ThrowIfNull(message);
        int size = message.CalculateSize();
        message.WriteTo(ReserveMessage(channelId, sequence, logTime, publishTime, size));
    }

    /// <summary>
    /// Adds a message of <paramref name="length"/> bytes and returns the space for its data, to be filled before the
    /// next call on this writer: for payloads serialised in place (a JPEG wrapped in a CompressedImage).
    /// </summary>
    public Span<byte> ReserveMessage(ushort channelId, uint sequence, ulong logTime, ulong publishTime, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ThrowIfFinished();
        if (channelId == 0 || channelId >= _channelStates.Count)
        {
            McapThrowHelper.ThrowUnknownChannel(channelId);
        }
        int record = McapFormat.RecordPrefix + McapFormat.MessageFixed + length;
        if (_chunk.Length > 0 && _chunk.Length + (long)record > _options.ChunkSize)
        {
            FlushChunk();
        }
        var state = _channelStates[channelId];
        if (state.ChunkEntries == 0)
        {
            _chunkChannels.Add(channelId);
        }
        state.AddEntry(logTime, (ulong)_chunk.Length);

        var span = _chunk.Reserve(record);
        span[0] = (byte)McapOpcode.Message;
        BinaryPrimitives.WriteUInt64LittleEndian(span[1..], (ulong)(McapFormat.MessageFixed + length));
        BinaryPrimitives.WriteUInt16LittleEndian(span[9..], channelId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[11..], sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(span[15..], logTime);
        BinaryPrimitives.WriteUInt64LittleEndian(span[23..], publishTime);

        _chunkStart = Math.Min(_chunkStart, logTime);
        _chunkEnd = Math.Max(_chunkEnd, logTime);
        _fileStart = Math.Min(_fileStart, logTime);
        _fileEnd = Math.Max(_fileEnd, logTime);
        _messageCount++;
        return span[(McapFormat.RecordPrefix + McapFormat.MessageFixed)..];
    }

    /// <summary>Writes a Metadata record (name and string pairs, e.g. the clip's <c>lineage</c>) and indexes it.</summary>
    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(metadata);
        ThrowIfFinished();
        long offset = _position;
        int start = _scratch.BeginRecord(McapOpcode.Metadata);
        _scratch.WriteString(name);
        _scratch.WriteStringMap(metadata);
        _scratch.EndRecord(start);
        int length = _scratch.Length;
        EmitScratch();

        int index = _metadataIndexes.BeginRecord(McapOpcode.MetadataIndex);
        _metadataIndexes.WriteUInt64((ulong)offset);
        _metadataIndexes.WriteUInt64((ulong)length);
        _metadataIndexes.WriteString(name);
        _metadataIndexes.EndRecord(index);
        _metadataCount++;
    }

    /// <summary>Closes the open chunk and flushes the stream, so what was written so far is on its way to disk.</summary>
    public void Flush()
    {
        ThrowIfFinished();
        FlushChunk();
        _stream.Flush();
    }

    /// <summary>Closes the open chunk, writes Data End, the summary, Summary Offsets, Footer and magic, and flushes the stream.</summary>
    public void Finish()
    {
        ThrowIfFinished();
        FlushChunk();
        WriteSummary();
        _finished = true;
        _stream.Flush();
    }

    private void ThrowIfFinished()
    {
        if (_finished || _disposed)
        {
            McapThrowHelper.ThrowFinished();
        }
    }

    /// <summary>Releases the compressor and (unless <see cref="McapWriterOptions.LeaveOpen"/>) the stream. It does not
    /// finish the file: a writer disposed unfinished (an exception, a cancelled clip) leaves a file without summary.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _compressor.Dispose();
        if (!_options.LeaveOpen)
        {
            _stream.Dispose();
        }
    }
}
