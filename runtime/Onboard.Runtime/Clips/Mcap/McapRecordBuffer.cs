using System.Buffers.Binary;
using System.Text;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// A growable byte buffer with MCAP's little-endian serialisation. The writer keeps one per open chunk and one per
/// summary group; each only ever grows (doubling), so a steady stream of same-sized messages stops allocating once the
/// buffers have reached their working size.
/// </summary>
internal sealed class McapRecordBuffer
{
    private byte[] _data;
    private int _length;

    public McapRecordBuffer(int capacity)
    {
        _data = new byte[Math.Max(capacity, 64)];
    }

    public int Length => _length;

    public ReadOnlySpan<byte> Written => _data.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>The next <paramref name="count"/> bytes, counted as written; the caller fills them.</summary>
    public Span<byte> Reserve(int count)
    {
        if (_data.Length - _length < count)
        {
            Grow(count);
        }
        var span = _data.AsSpan(_length, count);
        _length += count;
        return span;
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>A String: uint32 byte length, then UTF-8.</summary>
    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteUInt32((uint)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    /// <summary>A Map&lt;string, string&gt;, keys in ordinal order so the same map always gives the same bytes.</summary>
    public void WriteStringMap(IReadOnlyDictionary<string, string>? map)
    {
        int start = BeginLengthPrefix();
        if (map is { Count: > 0 })
        {
            var keys = map.Keys.ToArray();
            Array.Sort(keys, StringComparer.Ordinal);
            foreach (string key in keys)
            {
                WriteString(key);
                WriteString(map[key]);
            }
        }
        EndLengthPrefix(start);
    }

    /// <summary>Opcode and a content-length placeholder; returns where the record starts, for <see cref="EndRecord"/>.</summary>
    public int BeginRecord(McapOpcode opcode)
    {
        int start = _length;
        WriteByte((byte)opcode);
        WriteUInt64(0);
        return start;
    }

    public void PatchUInt64(int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(at, 8), value);

    public void EndRecord(int start) =>
        BinaryPrimitives.WriteUInt64LittleEndian(_data.AsSpan(start + 1, 8), (ulong)(_length - start - McapFormat.RecordPrefix));

    /// <summary>A uint32 byte-length placeholder (for a Map or an Array); returns its position.</summary>
    public int BeginLengthPrefix()
    {
        int start = _length;
        WriteUInt32(0);
        return start;
    }

    public void EndLengthPrefix(int start) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_data.AsSpan(start, 4), (uint)(_length - start - 4));

    private void Grow(int count)
    {
        long wanted = Math.Max((long)_data.Length * 2, (long)_length + count);
        if (wanted > Array.MaxLength)
        {
            McapThrowHelper.ThrowTooLarge(_length + (long)count);
        }
        Array.Resize(ref _data, (int)wanted);
    }
}
