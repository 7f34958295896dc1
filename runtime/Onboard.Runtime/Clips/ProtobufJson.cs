using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Onboard.Runtime.Clips;

/// <summary>
/// Decodes a protobuf message to JSON with nothing but the FileDescriptorSet an MCAP schema carries — no compiled
/// type needed — so <c>onboard clip inspect</c> shows any channel (the trigger events) of any clip, whatever
/// version of our contract wrote it. Field names are the JSON names; enums by name; bytes by length.
/// </summary>
internal static class ProtobufJson
{
    /// <summary>The message type <paramref name="fullName"/> from a schema's FileDescriptorSet; null when it is not there or does not build.</summary>
    public static MessageDescriptor? Descriptor(ReadOnlySpan<byte> fileDescriptorSet, string fullName)
    {
        try
        {
            var set = FileDescriptorSet.Parser.ParseFrom(fileDescriptorSet);
            var files = FileDescriptor.BuildFromByteStrings(set.File.Select(f => f.ToByteString()));
            foreach (var file in files)
            {
                foreach (var message in All(file.MessageTypes))
                {
                    if (message.FullName == fullName)
                    {
                        return message;
                    }
                }
            }
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or DescriptorValidationException)
        {
            return null;
        }
        return null;
    }

    /// <summary>Writes the message as a JSON object; a malformed payload writes what decoded plus <c>"_error"</c>.</summary>
    public static void Write(Utf8JsonWriter json, MessageDescriptor descriptor, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(descriptor);
        WriteMessage(json, descriptor, data.ToArray(), 0);
    }

    private static void WriteMessage(Utf8JsonWriter json, MessageDescriptor descriptor, byte[] data, int depth)
    {
        json.WriteStartObject();
        var values = new List<(FieldDescriptor Field, object Value)>();
        string? error = null;
        try
        {
            var input = new CodedInputStream(data);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
                if (field is null)
                {
                    input.SkipLastField();
                }
                else if (field.IsRepeated && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited
                    && field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message))
                {
                    // A packed repeated scalar (by the wire type, not FieldDescriptor.IsPacked, which says true for
                    // every proto3 field); unpacked elements arrive one by one below.
                    var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
                    while (!packed.IsAtEnd)
                    {
                        values.Add((field, ReadScalar(packed, field)));
                    }
                }
                else
                {
                    values.Add((field, field.FieldType == FieldType.Message ? input.ReadBytes().ToByteArray() : ReadScalar(input, field)));
                }
            }
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            error = e.Message;
        }
        foreach (var group in values.GroupBy(v => v.Field).OrderBy(g => g.Key.FieldNumber))
        {
            json.WritePropertyName(group.Key.JsonName);
            if (group.Key.IsRepeated)
            {
                json.WriteStartArray();
            }
            foreach (var (field, value) in group)
            {
                WriteValue(json, field, value, depth);
            }
            if (group.Key.IsRepeated)
            {
                json.WriteEndArray();
            }
        }
        if (error is not null)
        {
            json.WriteString("_error", error);
        }
        json.WriteEndObject();
    }

    private static object ReadScalar(CodedInputStream input, FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Double => input.ReadDouble(),
        FieldType.Float => input.ReadFloat(),
        FieldType.Int64 => input.ReadInt64(),
        FieldType.UInt64 => input.ReadUInt64(),
        FieldType.Int32 => input.ReadInt32(),
        FieldType.Fixed64 => input.ReadFixed64(),
        FieldType.Fixed32 => input.ReadFixed32(),
        FieldType.Bool => input.ReadBool(),
        FieldType.String => input.ReadString(),
        FieldType.Bytes => input.ReadBytes().Length,
        FieldType.UInt32 => input.ReadUInt32(),
        FieldType.SFixed32 => input.ReadSFixed32(),
        FieldType.SFixed64 => input.ReadSFixed64(),
        FieldType.SInt32 => input.ReadSInt32(),
        FieldType.SInt64 => input.ReadSInt64(),
        FieldType.Enum => input.ReadEnum(),
        _ => throw new InvalidDataException($"field {field.Name}: groups are not supported"),
    };

    private static void WriteValue(Utf8JsonWriter json, FieldDescriptor field, object value, int depth)
    {
        switch (value)
        {
            case byte[] nested when depth < 32:
                WriteMessage(json, field.MessageType, nested, depth + 1);
                break;
            case byte[]:
                json.WriteStringValue("<nested too deep>");
                break;
            case int number when field.FieldType == FieldType.Enum:
                string? name = field.EnumType.FindValueByNumber(number)?.Name;
                if (name is null)
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    json.WriteStringValue(name);
                }
                break;
            case int number when field.FieldType == FieldType.Bytes:
                json.WriteStringValue($"<{number} bytes>");
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case float f:
                json.WriteNumberValue(f);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case uint u32:
                json.WriteNumberValue(u32);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }

    private static IEnumerable<MessageDescriptor> All(IEnumerable<MessageDescriptor> messages)
    {
        foreach (var message in messages)
        {
            yield return message;
            foreach (var nested in All(message.NestedTypes))
            {
                yield return nested;
            }
        }
    }
}
