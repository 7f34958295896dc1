using System.Buffers.Binary;
using System.IO.Hashing;

namespace Onboard.Runtime.Clips.Mcap;

public sealed partial class McapReader
{
    /// <summary>A record longer than this (outside chunks' own limit) is taken for corruption.</summary>
    private const long MaxRecord = McapChunkDecompressor.MaxUncompressed + 1024;

    /// <summary>
    /// Reads the whole file front to back, delivering schemas, channels, messages and metadata in file order, checking
    /// the framing of every record and every CRC: each chunk's (before any of its messages is delivered), the data
    /// section's at Data End, the summary's at the Footer; then that the trailing magic ends the file.
    /// </summary>
    public McapReadResult Scan(IMcapHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var scan = new McapScanState(handler);
        long offset = 0;
        string record = "magic";
        try
        {
            return ScanCore(scan, ref offset, ref record);
        }
        catch (McapFormatException e)
        {
            return scan.Stopped(offset, record, e.Message);
        }
        catch (IOException e)
        {
            return scan.Stopped(offset, record, "reading failed: " + e.Message);
        }
    }

    private McapReadResult ScanCore(McapScanState scan, ref long offset, ref string record)
    {
        long length = Length;
        _stream.Position = 0;
        Span<byte> magic = stackalloc byte[8];
        if (length < magic.Length || _stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length
            || !magic.SequenceEqual(McapFormat.Magic))
        {
            throw new McapFormatException("not an MCAP file: it does not start with the MCAP magic (0x89 MCAP0 \\r\\n)");
        }
        var crc = new Crc32();
        crc.Append(magic);
        offset = magic.Length;
        bool dataEnded = false;
        long summaryStart = 0;
        Span<byte> prefix = stackalloc byte[McapFormat.RecordPrefix];
        while (true)
        {
            long remaining = length - offset;
            record = "record prefix";
            if (remaining == 0)
            {
                throw new McapFormatException(dataEnded
                    ? "the file ends inside the summary section, without Footer and magic: it was cut short"
                    : "the file ends without Data End, summary and footer: it was cut short, or its writer never finished");
            }
            if (remaining < McapFormat.RecordPrefix)
            {
                throw new McapFormatException($"only {remaining} bytes remain where a record prefix needs 9: the file was cut short");
            }
            _stream.ReadExactly(prefix);
            byte opcode = prefix[0];
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix[1..]);
            record = scan.RecordName(opcode);
            if (declared > (ulong)(remaining - McapFormat.RecordPrefix))
            {
                throw new McapFormatException($"it declares {declared} bytes of content but only {remaining - McapFormat.RecordPrefix} remain: the file was cut short inside this record");
            }
            if ((long)declared > MaxRecord)
            {
                throw new McapFormatException($"it declares {declared} bytes, beyond the reader's limit");
            }
            var content = ContentBuffer((int)declared);
            _stream.ReadExactly(content);
            if (offset == magic.Length && opcode != (byte)McapOpcode.Header)
            {
                throw new McapFormatException("the first record must be the Header");
            }
            bool isDataEnd = opcode == (byte)McapOpcode.DataEnd;
            if (!dataEnded && !isDataEnd)
            {
                crc.Append(prefix);
                crc.Append(content);
            }
            else if (dataEnded && opcode != (byte)McapOpcode.Footer)
            {
                crc.Append(prefix);
                crc.Append(content);
            }

            switch ((McapOpcode)opcode)
            {
                case 0:
                    throw new McapFormatException("opcode 0x00 is not a valid record: the file is corrupt here");
                case McapOpcode.Header:
                    if (offset != magic.Length)
                    {
                        throw new McapFormatException("a second Header record");
                    }
                    scan.Handler.OnHeader(McapRecordParser.Header(content));
                    break;
                case McapOpcode.Schema:
                    scan.AddSchema(McapRecordParser.Schema(content), deliver: !dataEnded);
                    break;
                case McapOpcode.Channel:
                    scan.AddChannel(McapRecordParser.Channel(content), deliver: !dataEnded);
                    break;
                case McapOpcode.Message when !dataEnded:
                    scan.DeliverMessage(content, filter: null);
                    break;
                case McapOpcode.Chunk when !dataEnded:
                    DeliverChunk(scan, content, filter: null);
                    break;
                case McapOpcode.Metadata when !dataEnded:
                    scan.Handler.OnMetadata(McapRecordParser.Metadata(content));
                    break;
                case McapOpcode.MessageIndex or McapOpcode.Attachment when !dataEnded:
                    break;
                case McapOpcode.DataEnd when !dataEnded:
                    uint stored = McapRecordParser.DataEnd(content);
                    uint actual = crc.GetCurrentHashAsUInt32();
                    if (stored != 0 && stored != actual)
                    {
                        throw new McapFormatException($"data section CRC 0x{actual:x8} does not match the stored 0x{stored:x8}: bytes outside the chunks' own CRCs (a chunk or index header, a definition) were changed");
                    }
                    dataEnded = true;
                    summaryStart = offset + McapFormat.RecordPrefix + content.Length;
                    crc.Reset();
                    break;
                case McapOpcode.Statistics when dataEnded:
                    scan.CheckStatistics(McapRecordParser.Statistics(content));
                    break;
                case McapOpcode.ChunkIndex when dataEnded:
                    _ = McapRecordParser.ChunkIndex(content);
                    break;
                case McapOpcode.MetadataIndex when dataEnded:
                    _ = McapRecordParser.MetadataIndex(content);
                    break;
                case McapOpcode.SummaryOffset or McapOpcode.AttachmentIndex when dataEnded:
                    break;
                case McapOpcode.Footer:
                    CheckFooter(content, crc, prefix, dataEnded ? summaryStart : 0);
                    offset += McapFormat.RecordPrefix + content.Length;
                    record = "trailing magic";
                    if (_stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) < magic.Length || !magic.SequenceEqual(McapFormat.Magic))
                    {
                        throw new McapFormatException("the Footer is not followed by the MCAP magic: the file was cut short");
                    }
                    if (length - offset > magic.Length)
                    {
                        throw new McapFormatException($"{length - offset - magic.Length} bytes follow the trailing magic");
                    }
                    return scan.Completed();
                case > McapOpcode.DataEnd:
                    break; // a private (0x80–0xFF) or future record: readers skip what they do not know.
                default:
                    throw new McapFormatException(dataEnded ? "it has no place in the summary section" : "it has no place in the data section");
            }
            offset += McapFormat.RecordPrefix + content.Length;
        }
    }

    private static void CheckFooter(ReadOnlySpan<byte> content, Crc32 crc, ReadOnlySpan<byte> prefix, long summaryStart)
    {
        var r = new McapSpanReader(content);
        ulong start = r.ReadUInt64("summary_start");
        _ = r.ReadUInt64("summary_offset_start");
        uint stored = r.ReadUInt32("summary_crc");
        if (start != 0 && (long)start != summaryStart)
        {
            throw new McapFormatException($"summary_start {start} is not where the summary begins ({summaryStart})");
        }
        if (start != 0 && stored != 0)
        {
            crc.Append(prefix);
            crc.Append(content[..16]);
            uint actual = crc.GetCurrentHashAsUInt32();
            if (actual != stored)
            {
                throw new McapFormatException($"summary CRC 0x{actual:x8} does not match the footer's 0x{stored:x8}: the summary is corrupt");
            }
        }
    }
}
