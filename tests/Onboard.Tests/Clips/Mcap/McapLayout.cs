using System.Buffers.Binary;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>
/// The top-level records of a file, found by the test's own walk over the framing (opcode, uint64 length), apart from
/// the reader under test: where each record starts, its opcode and length, and how many messages each chunk holds
/// (the entries of the Message Index records after it).
/// </summary>
internal sealed class McapLayout
{
    private McapLayout(List<Entry> records, long length)
    {
        Records = records;
        Length = length;
    }

    public List<Entry> Records { get; }

    public long Length { get; }

    /// <summary>Offsets where a reader may stop: the leading magic, each record, the trailing magic.</summary>
    public IEnumerable<long> Boundaries => new[] { 0L }.Concat(Records.Select(r => r.Offset)).Append(Length - 8);

    public static McapLayout Of(byte[] file)
    {
        var records = new List<Entry>();
        long at = 8;
        Entry? lastChunk = null;
        while (at < file.Length - 8)
        {
            byte opcode = file[at];
            long length = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)at + 1));
            var entry = new Entry(at, opcode, 9 + length);
            records.Add(entry);
            if (opcode == 0x06)
            {
                lastChunk = entry;
            }
            else if (opcode == 0x07 && lastChunk is not null)
            {
                lastChunk.Messages += (int)(BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)at + 9 + 2)) / 16);
            }
            at += 9 + length;
        }
        return new McapLayout(records, file.Length);
    }

    /// <summary>The start of the record a cut at <paramref name="cut"/> bytes damages: where a reader must stop.</summary>
    public long StopFor(long cut) => Boundaries.Where(b => b <= cut).Max();

    /// <summary>Messages in the chunks that lie wholly before <paramref name="cut"/>.</summary>
    public long MessagesBefore(long cut) => Records.Where(r => r.Opcode == 0x06 && r.End <= cut).Sum(r => r.Messages);

    public Entry Chunk(int index) => Records.Where(r => r.Opcode == 0x06).ElementAt(index);

    public sealed class Entry(long offset, byte opcode, long length)
    {
        public long Offset { get; } = offset;

        public byte Opcode { get; } = opcode;

        public long Length { get; } = length;

        public long End => Offset + Length;

        public int Messages { get; set; }
    }
}
