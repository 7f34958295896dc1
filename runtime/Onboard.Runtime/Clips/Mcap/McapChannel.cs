namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Channel record: a topic, its schema (0: none) and message encoding.</summary>
public sealed record McapChannel(ushort Id, ushort SchemaId, string Topic, string MessageEncoding, IReadOnlyDictionary<string, string> Metadata);
