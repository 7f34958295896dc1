using System.Buffers.Binary;
using System.Security.Cryptography;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>
/// Per topic: message count, first/last log time and a SHA-256 over (log time, publish time, sequence, length, data)
/// of each message in order — the same digest the Node peer (mcap_read.mjs) computes, so two readers can be compared
/// message for message. Usable as a reader's handler and fed by hand for what a test wrote.
/// </summary>
internal sealed class McapDigests : IMcapHandler
{
    private readonly SortedDictionary<string, Entry> _topics = new(StringComparer.Ordinal);

    public List<McapMetadata> Metadata { get; } = [];

    public List<McapChannel> Channels { get; } = [];

    public void Add(string topic, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data)
    {
        if (!_topics.TryGetValue(topic, out var entry))
        {
            _topics[topic] = entry = new Entry(logTime);
        }
        Span<byte> head = stackalloc byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(head, logTime);
        BinaryPrimitives.WriteUInt64LittleEndian(head[8..], publishTime);
        BinaryPrimitives.WriteUInt32LittleEndian(head[16..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(head[20..], (uint)data.Length);
        entry.Hash.AppendData(head);
        entry.Hash.AppendData(data);
        entry.Count++;
        entry.First = Math.Min(entry.First, logTime);
        entry.Last = Math.Max(entry.Last, logTime);
    }

    /// <summary>topic → "count digest first last", the shape the peer's JSON is compared in.</summary>
    public SortedDictionary<string, string> Summary()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (topic, e) in _topics)
        {
            e.Digest ??= Convert.ToHexStringLower(e.Hash.GetHashAndReset());
            result[topic] = $"{e.Count} {e.Digest} {e.First} {e.Last}";
        }
        return result;
    }

    public long Count(string topic) => _topics.TryGetValue(topic, out var e) ? e.Count : 0;

    void IMcapHandler.OnChannel(McapChannel channel) => Channels.Add(channel);

    void IMcapHandler.OnMessage(in McapMessage message) =>
        Add(message.Channel.Topic, message.Sequence, message.LogTime, message.PublishTime, message.Data);

    void IMcapHandler.OnMetadata(McapMetadata metadata) => Metadata.Add(metadata);

    private sealed class Entry(ulong first)
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long Count { get; set; }

        public ulong First { get; set; } = first;

        public ulong Last { get; set; }

        public string? Digest { get; set; }
    }
}
