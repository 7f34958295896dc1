namespace Onboard.Runtime.Clips.Mcap;

/// <summary>A Schema record. For protobuf, <paramref name="Data"/> is a FileDescriptorSet.</summary>
public sealed record McapSchema(ushort Id, string Name, string Encoding, ReadOnlyMemory<byte> Data);
