using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// A protobuf message type as an MCAP schema (the registry's "protobuf" schema encoding): name = the message's full
/// name, data = a FileDescriptorSet of its .proto file and every file it imports, dependencies first — what
/// <c>protoc --include_imports --descriptor_set_out</c> writes, and what Foxglove and the mcap tools decode with.
/// </summary>
internal static class McapProtobufSchema
{
    public const string Encoding = "protobuf";

    public static byte[] FileDescriptorSet(MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var set = new FileDescriptorSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Add(descriptor.File, set, seen);
        return set.ToByteArray();
    }

    /// <summary>Adds the schema to <paramref name="writer"/>; returns its id.</summary>
    public static ushort AddTo(McapWriter writer, MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(descriptor);
        return writer.AddSchema(descriptor.FullName, Encoding, FileDescriptorSet(descriptor));
    }

    private static void Add(FileDescriptor file, FileDescriptorSet set, HashSet<string> seen)
    {
        if (!seen.Add(file.Name))
        {
            return;
        }
        foreach (var dependency in file.Dependencies)
        {
            Add(dependency, set, seen);
        }
        set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
    }
}
