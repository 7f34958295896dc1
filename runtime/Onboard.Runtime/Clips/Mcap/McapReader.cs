using System.Buffers.Binary;
using System.IO.Hashing;

namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Reads MCAP files, ours or anyone's (spec version 0). Two ways:
/// <list type="bullet">
/// <item><see cref="Scan"/> reads front to back, checking every CRC (chunks, data section, summary) and the framing
/// of every record; needs no summary, so it reads what a crash or a cut left.</item>
/// <item><see cref="ReadMessages"/> takes the fast path through the summary (chunk indexes) when the file has a valid
/// one, decompressing only chunks that hold a wanted channel, and falls back to <see cref="Scan"/> otherwise.</item>
/// </list>
/// A truncated or corrupt file is read as far as it is valid: the handler gets everything before the first bad
/// record (a chunk's messages only once its CRC held), and the result's <see cref="McapReadResult.Stop"/> names the
/// byte offset, the record and the problem. No format error escapes as an exception.
/// </summary>
public sealed partial class McapReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly McapChunkDecompressor _decompressor = new();
    private byte[] _content = new byte[64 * 1024];
    private McapSummary? _summary;
    private McapStop? _summaryProblem;
    private bool _summaryRead;

    public McapReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("the MCAP reader needs a readable, seekable stream", nameof(stream));
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    public static McapReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024));

    public long Length => _stream.Length;

    /// <summary>
    /// The summary section (fast path), read once: false when the file has none or it is not usable, with
    /// <paramref name="problem"/> saying why (a file cut short has no footer; a bad summary CRC).
    /// </summary>
    public bool TryReadSummary(out McapSummary? summary, out McapStop? problem)
    {
        if (!_summaryRead)
        {
            _summaryRead = true;
            try
            {
                _summary = ReadSummaryCore();
            }
            catch (McapFormatException e)
            {
                _summaryProblem = SummaryStop(e.Message);
            }
            catch (IOException e)
            {
                _summaryProblem = SummaryStop("reading failed: " + e.Message);
            }
        }
        summary = _summary;
        problem = _summaryProblem;
        return summary is not null;
    }

    private McapStop SummaryStop(string problem) =>
        new(Math.Max(0, Length - McapFormat.FooterAndMagic), "Footer and summary", problem);

    private McapSummary ReadSummaryCore()
    {
        long length = Length;
        int headerMinimum = McapFormat.Magic.Length + McapFormat.RecordPrefix + 8;
        if (length < headerMinimum + McapFormat.FooterAndMagic)
        {
            throw new McapFormatException($"the file is {length} bytes, too short to end in a footer");
        }
        Span<byte> tail = stackalloc byte[McapFormat.FooterAndMagic];
        ReadAt(length - tail.Length, tail);
        if (!tail[^8..].SequenceEqual(McapFormat.Magic))
        {
            throw new McapFormatException("the file does not end in the MCAP magic: it was cut short or never finished");
        }
        if (tail[0] != (byte)McapOpcode.Footer || BinaryPrimitives.ReadUInt64LittleEndian(tail[1..]) != McapFormat.FooterContent)
        {
            throw new McapFormatException("no Footer record before the trailing magic");
        }
        ulong summaryStart = BinaryPrimitives.ReadUInt64LittleEndian(tail[9..]);
        uint summaryCrc = BinaryPrimitives.ReadUInt32LittleEndian(tail[25..]);
        long footerOffset = length - McapFormat.FooterAndMagic;
        if (summaryStart == 0)
        {
            throw new McapFormatException("the file has no summary section (summary_start is 0)");
        }
        if (summaryStart < (ulong)headerMinimum || summaryStart > (ulong)footerOffset)
        {
            throw new McapFormatException($"summary_start {summaryStart} lies outside the file's records");
        }

        int summaryLength = checked((int)(footerOffset - (long)summaryStart));
        var summary = new byte[summaryLength];
        ReadAt((long)summaryStart, summary);
        if (summaryCrc != 0)
        {
            var crc = new Crc32();
            crc.Append(summary);
            crc.Append(tail[..25]);
            uint actual = crc.GetCurrentHashAsUInt32();
            if (actual != summaryCrc)
            {
                throw new McapFormatException($"summary CRC 0x{actual:x8} does not match the footer's 0x{summaryCrc:x8}: the summary is corrupt");
            }
        }

        var schemas = new Dictionary<ushort, McapSchema>();
        var channels = new Dictionary<ushort, McapChannel>();
        var chunks = new List<McapChunkIndex>();
        var metadata = new List<McapMetadataIndex>();
        McapStatistics? statistics = null;
        int at = 0;
        while (at < summary.Length)
        {
            if (summary.Length - at < McapFormat.RecordPrefix)
            {
                throw new McapFormatException($"a record prefix at byte {(long)summaryStart + at} runs into the footer");
            }
            byte opcode = summary[at];
            ulong contentLength = BinaryPrimitives.ReadUInt64LittleEndian(summary.AsSpan(at + 1));
            if (contentLength > (ulong)(summary.Length - at - McapFormat.RecordPrefix))
            {
                throw new McapFormatException($"the {McapRecordParser.Name(opcode)} record at byte {(long)summaryStart + at} runs into the footer");
            }
            var content = summary.AsSpan(at + McapFormat.RecordPrefix, (int)contentLength);
            switch ((McapOpcode)opcode)
            {
                case McapOpcode.Schema:
                    var schema = McapRecordParser.Schema(content);
                    schemas[schema.Id] = schema;
                    break;
                case McapOpcode.Channel:
                    var channel = McapRecordParser.Channel(content);
                    channels[channel.Id] = channel;
                    break;
                case McapOpcode.Statistics:
                    statistics = McapRecordParser.Statistics(content);
                    break;
                case McapOpcode.ChunkIndex:
                    chunks.Add(McapRecordParser.ChunkIndex(content));
                    break;
                case McapOpcode.MetadataIndex:
                    metadata.Add(McapRecordParser.MetadataIndex(content));
                    break;
                case McapOpcode.Header or McapOpcode.Footer or McapOpcode.Message or McapOpcode.Chunk or McapOpcode.MessageIndex
                    or McapOpcode.Attachment or McapOpcode.Metadata or McapOpcode.DataEnd:
                    throw new McapFormatException($"a {McapRecordParser.Name(opcode)} record at byte {(long)summaryStart + at} has no place in a summary");
                default:
                    break; // Summary Offsets, Attachment Indexes, private records: not needed here.
            }
            at += McapFormat.RecordPrefix + (int)contentLength;
        }
        chunks.Sort(static (a, b) => a.ChunkStartOffset.CompareTo(b.ChunkStartOffset));
        return new McapSummary(ReadHeaderAtStart(), schemas, channels, statistics, chunks, metadata);
    }

    private McapHeader ReadHeaderAtStart()
    {
        Span<byte> prefix = stackalloc byte[McapFormat.Magic.Length + McapFormat.RecordPrefix];
        ReadAt(0, prefix);
        if (!prefix[..8].SequenceEqual(McapFormat.Magic) || prefix[8] != (byte)McapOpcode.Header)
        {
            throw new McapFormatException("the file does not start with the MCAP magic and a Header record");
        }
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix[9..]);
        if (length > (ulong)(Length - prefix.Length))
        {
            throw new McapFormatException($"the Header declares {length} bytes, more than the file holds");
        }
        var content = new byte[(int)length];
        ReadAt(prefix.Length, content);
        return McapRecordParser.Header(content);
    }

    /// <summary>The Metadata record of that name through the summary's index; null when there is none, no summary, or
    /// the record it points at is not a valid Metadata record (<see cref="Scan"/> says where).</summary>
    public McapMetadata? ReadMetadata(string name)
    {
        if (!TryReadSummary(out var summary, out _))
        {
            return null;
        }
        foreach (var index in summary!.MetadataIndexes)
        {
            if (index.Name == name)
            {
                try
                {
                    return ReadMetadataAt(index);
                }
                catch (McapFormatException)
                {
                    return null;
                }
            }
        }
        return null;
    }

    private void ReadAt(long offset, Span<byte> destination)
    {
        _stream.Position = offset;
        _stream.ReadExactly(destination);
    }

    /// <summary>The reusable buffer a record's content is read into.</summary>
    private Span<byte> ContentBuffer(int length)
    {
        if (_content.Length < length)
        {
            _content = new byte[Math.Max(length, _content.Length * 2)];
        }
        return _content.AsSpan(0, length);
    }

    public void Dispose()
    {
        _decompressor.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
