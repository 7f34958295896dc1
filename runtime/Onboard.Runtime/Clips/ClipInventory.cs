using System.Buffers;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Runtime.Clips;

/// <summary>
/// What a clip holds, gathered during one verifying scan: channels with their schema names, message counts and time
/// ranges, every Metadata record (the lineage), and each <c>/triggers</c> message decoded to JSON with the schema the
/// file carries. <c>onboard clip inspect</c> prints it.
/// </summary>
public sealed class ClipInventory : IMcapHandler
{
    private readonly Dictionary<ushort, McapSchema> _schemas = [];
    private readonly Dictionary<ushort, MessageDescriptor?> _decoders = [];
    private readonly Dictionary<ushort, ChannelEntry> _channels = [];

    public McapHeader? Header { get; private set; }

    public List<ChannelEntry> Channels { get; } = [];

    public List<McapMetadata> Metadata { get; } = [];

    /// <summary>Each trigger event: log time and the message as a JSON object.</summary>
    public List<(ulong LogTime, string Json)> Triggers { get; } = [];

    public ulong Start { get; private set; } = ulong.MaxValue;

    public ulong End { get; private set; }

    public long Messages { get; private set; }

    public ClipLineage? Lineage =>
        Metadata.FirstOrDefault(m => m.Name == ClipTopics.LineageRecord) is { } record ? ClipLineage.FromMetadata(record.Entries) : null;

    public void OnHeader(McapHeader header) => Header = header;

    public void OnSchema(McapSchema schema) => _schemas[schema.Id] = schema;

    public void OnChannel(McapChannel channel)
    {
        string schema = _schemas.TryGetValue(channel.SchemaId, out var s) ? s.Name : "";
        var entry = new ChannelEntry(channel, schema);
        _channels[channel.Id] = entry;
        Channels.Add(entry);
    }

    public void OnMessage(in McapMessage message)
    {
        var entry = _channels[message.Channel.Id];
        entry.Count++;
        entry.First = Math.Min(entry.First, message.LogTime);
        entry.Last = Math.Max(entry.Last, message.LogTime);
        Start = Math.Min(Start, message.LogTime);
        End = Math.Max(End, message.LogTime);
        Messages++;
        if (message.Channel.Topic == ClipTopics.Triggers && Decoder(message.Channel) is { } descriptor)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                ProtobufJson.Write(json, descriptor, message.Data);
            }
            Triggers.Add((message.LogTime, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan)));
        }
    }

    public void OnMetadata(McapMetadata metadata) => Metadata.Add(metadata);

    private MessageDescriptor? Decoder(McapChannel channel)
    {
        if (!_decoders.TryGetValue(channel.SchemaId, out var descriptor))
        {
            descriptor = _schemas.TryGetValue(channel.SchemaId, out var schema) && schema.Encoding == McapProtobufSchema.Encoding
                ? ProtobufJson.Descriptor(schema.Data.Span, schema.Name)
                : null;
            _decoders[channel.SchemaId] = descriptor;
        }
        return descriptor;
    }

    public sealed class ChannelEntry(McapChannel channel, string schema)
    {
        public McapChannel Channel { get; } = channel;

        public string Schema { get; } = schema;

        public long Count { get; set; }

        public ulong First { get; set; } = ulong.MaxValue;

        public ulong Last { get; set; }
    }
}
