using System.Globalization;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>What one read has seen so far: definitions by id, counts, and the handler it delivers to.</summary>
internal sealed class McapScanState(IMcapHandler handler, bool usedSummary = false)
{
    private readonly Dictionary<ushort, McapSchema> _schemas = [];
    private readonly Dictionary<ushort, McapChannel> _channels = [];

    public IMcapHandler Handler { get; } = handler;

    public long Messages { get; private set; }

    public long Chunks { get; private set; }

    public string RecordName(byte opcode) => opcode == (byte)McapOpcode.Chunk
        ? string.Create(CultureInfo.InvariantCulture, $"Chunk #{Chunks + 1}")
        : McapRecordParser.Name(opcode);

    public void AddSchema(McapSchema schema, bool deliver)
    {
        if (_schemas.TryGetValue(schema.Id, out var known))
        {
            if (known.Name != schema.Name || known.Encoding != schema.Encoding || !known.Data.Span.SequenceEqual(schema.Data.Span))
            {
                throw new McapFormatException($"schema {schema.Id} is defined twice, differently");
            }
            return;
        }
        if (!deliver)
        {
            throw new McapFormatException($"the summary holds schema {schema.Id}, which the data section never defined");
        }
        _schemas.Add(schema.Id, schema);
        Handler.OnSchema(schema);
    }

    public void AddChannel(McapChannel channel, bool deliver)
    {
        if (_channels.TryGetValue(channel.Id, out var known))
        {
            if (known.Topic != channel.Topic || known.SchemaId != channel.SchemaId || known.MessageEncoding != channel.MessageEncoding)
            {
                throw new McapFormatException($"channel {channel.Id} is defined twice, differently");
            }
            return;
        }
        if (!deliver)
        {
            throw new McapFormatException($"the summary holds channel {channel.Id}, which the data section never defined");
        }
        if (channel.SchemaId != 0 && !_schemas.ContainsKey(channel.SchemaId))
        {
            throw new McapFormatException($"channel {channel.Id} ({channel.Topic}) refers to schema {channel.SchemaId}, which no Schema record before it defines");
        }
        _channels.Add(channel.Id, channel);
        Handler.OnChannel(channel);
    }

    /// <summary>Parses a Message record's content and hands it over if its channel passes the filter.</summary>
    public void DeliverMessage(ReadOnlySpan<byte> content, Func<McapChannel, bool>? filter)
    {
        var r = new McapSpanReader(content);
        ushort channelId = r.ReadUInt16("channel_id");
        uint sequence = r.ReadUInt32("sequence");
        ulong logTime = r.ReadUInt64("log_time");
        ulong publishTime = r.ReadUInt64("publish_time");
        if (!_channels.TryGetValue(channelId, out var channel))
        {
            throw new McapFormatException($"a message on channel {channelId}, which no Channel record before it defines");
        }
        if (filter is null || filter(channel))
        {
            Messages++;
            Handler.OnMessage(new McapMessage(channel, sequence, logTime, publishTime, r.ReadRest()));
        }
    }

    public void ChunkDone() => Chunks++;

    public void CheckStatistics(McapStatistics statistics)
    {
        if (statistics.MessageCount != (ulong)Messages)
        {
            throw new McapFormatException($"the Statistics count {statistics.MessageCount} messages, the data section holds {Messages}");
        }
    }

    public McapReadResult Completed() => new(true, Messages, Chunks, null, usedSummary);

    public McapReadResult Stopped(long offset, string record, string problem) =>
        new(false, Messages, Chunks, new McapStop(offset, record, problem), usedSummary);
}
