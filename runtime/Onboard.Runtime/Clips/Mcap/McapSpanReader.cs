using System.Buffers.Binary;
using System.Text;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>Reads MCAP's little-endian fields from one record's content, naming the field that runs short.</summary>
internal ref struct McapSpanReader(ReadOnlySpan<byte> content)
{
    private readonly ReadOnlySpan<byte> _content = content;
    private int _at;

    public readonly int Position => _at;

    public readonly int Remaining => _content.Length - _at;

    public byte ReadByte(string field) => Take(1, field)[0];

    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    /// <summary>A uint64 that is a size or an offset in the file: above long.MaxValue is corruption.</summary>
    public long ReadLength(string field)
    {
        ulong value = ReadUInt64(field);
        if (value > long.MaxValue)
        {
            throw new McapFormatException($"{field} is {value}, beyond any file");
        }
        return (long)value;
    }

    public string ReadString(string field)
    {
        uint length = ReadUInt32(field);
        var bytes = Take(length, field);
        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new McapFormatException($"{field} is not valid UTF-8");
        }
    }

    public ReadOnlySpan<byte> ReadBytes(long length, string field) => Take(length, field);

    /// <summary>Whatever the record has left (a Message's data).</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _content[_at..];
        _at = _content.Length;
        return rest;
    }

    public Dictionary<string, string> ReadStringMap(string field)
    {
        uint length = ReadUInt32(field);
        var inner = new McapSpanReader(Take(length, field));
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (inner.Remaining > 0)
        {
            string key = inner.ReadString(field + " key");
            map[key] = inner.ReadString(field + "[" + key + "]");
        }
        return map;
    }

    public Dictionary<ushort, ulong> ReadUInt16UInt64Map(string field)
    {
        uint length = ReadUInt32(field);
        if (length % 10 != 0)
        {
            throw new McapFormatException($"{field} is {length} bytes, not a whole number of (uint16, uint64) entries");
        }
        var inner = new McapSpanReader(Take(length, field));
        var map = new Dictionary<ushort, ulong>();
        while (inner.Remaining > 0)
        {
            ushort key = inner.ReadUInt16(field);
            map[key] = inner.ReadUInt64(field);
        }
        return map;
    }

    private ReadOnlySpan<byte> Take(long count, string field)
    {
        if (count > Remaining)
        {
            throw new McapFormatException($"{field} needs {count} bytes but the record has {Remaining} left");
        }
        var span = _content.Slice(_at, (int)count);
        _at += (int)count;
        return span;
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
