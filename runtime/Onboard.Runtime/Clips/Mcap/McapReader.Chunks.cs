using System.Buffers.Binary;
using System.Globalization;

namespace Onboard.Runtime.Clips.Mcap;

public sealed partial class McapReader
{
    /// <summary>
    /// Decompresses a Chunk record's content and checks its CRC, then delivers its records. Nothing in a chunk is
    /// delivered before the whole chunk is known good (but a chunk written without a CRC can fail part-way).
    /// </summary>
    private void DeliverChunk(McapScanState scan, ReadOnlySpan<byte> content, Func<McapChannel, bool>? filter)
    {
        var r = new McapSpanReader(content);
        var header = McapRecordParser.ChunkHeader(ref r);
        var payload = r.ReadBytes(header.CompressedSize, "records");
        var records = _decompressor.Decode(header, payload);
        int at = 0;
        while (at < records.Length)
        {
            if (records.Length - at < McapFormat.RecordPrefix)
            {
                throw InChunk(at, "a record prefix runs past the end of the chunk's records");
            }
            byte opcode = records[at];
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(records[(at + 1)..]);
            if (declared > (ulong)(records.Length - at - McapFormat.RecordPrefix))
            {
                throw InChunk(at, $"a {McapRecordParser.Name(opcode)} record declares {declared} bytes, past the end of the chunk's records");
            }
            var inner = records.Slice(at + McapFormat.RecordPrefix, (int)declared);
            try
            {
                switch ((McapOpcode)opcode)
                {
                    case McapOpcode.Message:
                        scan.DeliverMessage(inner, filter);
                        break;
                    case McapOpcode.Schema:
                        scan.AddSchema(McapRecordParser.Schema(inner), deliver: true);
                        break;
                    case McapOpcode.Channel:
                        scan.AddChannel(McapRecordParser.Channel(inner), deliver: true);
                        break;
                    case > McapOpcode.DataEnd:
                        break; // private records
                    default:
                        throw new McapFormatException($"a {McapRecordParser.Name(opcode)} record is not allowed inside a chunk");
                }
            }
            catch (McapFormatException e)
            {
                throw InChunk(at, e.Message);
            }
            at += McapFormat.RecordPrefix + (int)declared;
        }
        scan.ChunkDone();
    }

    private static McapFormatException InChunk(int at, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"at byte {at} of its uncompressed records: {problem}"));
}
