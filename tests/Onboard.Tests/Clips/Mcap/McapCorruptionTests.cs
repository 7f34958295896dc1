using Onboard.Runtime.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>A flipped byte is caught by the CRC that covers it: the chunk's (stop at that chunk, nothing of it delivered),
/// the data section's (stop at Data End), the summary's (stop at the footer; the fast path refuses the summary).</summary>
public sealed class McapCorruptionTests
{
    [Theory]
    [InlineData(McapCompression.None)]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Scan_ByteFlippedInsideAChunk_StopsAtThatChunkWithTheMessagesBeforeIt(McapCompression compression)
    {
        using var dir = new TempDirectory();
        byte[] file = McapTruncationTests.SmallFile(dir, compression);
        var layout = McapLayout.Of(file);
        var chunk = layout.Chunk(3);
        file[chunk.Offset + chunk.Length - 100] ^= 0x40;

        var result = Scan(file);

        Assert.Equal(chunk.Offset, result.Stop!.Offset);
        Assert.Equal("Chunk #4", result.Stop.Record);
        Assert.Matches("CRC|cannot decompress|decompress to", result.Stop.Problem);
        Assert.Equal(Enumerable.Range(0, 3).Sum(i => layout.Chunk(i).Messages), result.MessagesRead);
    }

    [Fact]
    public void Scan_ChunkCrcFieldFlipped_NamesTheChunkCrc()
    {
        using var dir = new TempDirectory();
        byte[] file = McapTruncationTests.SmallFile(dir, McapCompression.Zstd);
        var chunk = McapLayout.Of(file).Chunk(1);
        file[chunk.Offset + 9 + 8 + 8 + 8] ^= 0x01; // uncompressed_crc, after the two times and uncompressed_size

        var result = Scan(file);

        Assert.Equal(chunk.Offset, result.Stop!.Offset);
        Assert.Contains("chunk CRC", result.Stop.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MessageIndexFlipped_AllMessagesThenDataSectionCrcAtDataEnd()
    {
        using var dir = new TempDirectory();
        byte[] file = McapTruncationTests.SmallFile(dir, McapCompression.Zstd);
        var layout = McapLayout.Of(file);
        var index = layout.Records.First(r => r.Opcode == 0x07);
        file[index.Offset + 9 + 2 + 4] ^= 0x10; // the first entry's log time: no chunk CRC covers it

        var result = Scan(file);

        Assert.Equal(layout.Records.Single(r => r.Opcode == 0x0F).Offset, result.Stop!.Offset);
        Assert.Equal("DataEnd", result.Stop.Record);
        Assert.Contains("data section CRC", result.Stop.Problem, StringComparison.Ordinal);
        Assert.Equal(400, result.MessagesRead);
    }

    [Fact]
    public void ReadMessages_SummaryFlipped_RefusesTheSummaryScansAndStopsAtTheFooter()
    {
        using var dir = new TempDirectory();
        byte[] file = McapTruncationTests.SmallFile(dir, McapCompression.Zstd);
        var layout = McapLayout.Of(file);
        var chunkIndex = layout.Records.First(r => r.Opcode == 0x08);
        file[chunkIndex.Offset + 12] ^= 0x04;
        string path = dir.File("flipped.mcap");
        File.WriteAllBytes(path, file);

        using var reader = McapReader.Open(path);
        Assert.False(reader.TryReadSummary(out _, out var problem));
        Assert.Contains("summary CRC", problem!.Problem, StringComparison.Ordinal);
        var result = reader.ReadMessages(new McapDigests());
        Assert.False(result.UsedSummary);
        Assert.Equal(layout.Records.Single(r => r.Opcode == 0x02).Offset, result.Stop!.Offset);
        Assert.Contains("summary CRC", result.Stop.Problem, StringComparison.Ordinal);
        Assert.Equal(400, result.MessagesRead);

        // The independent reader agrees that the summary is corrupt.
        var peer = McapPeer.Read(path).GetProperty("indexed");
        Assert.False(peer.GetProperty("ok").GetBoolean());
        Assert.Contains("summary CRC", peer.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    private static McapReadResult Scan(byte[] file)
    {
        using var reader = new McapReader(new MemoryStream(file, writable: false));
        var result = reader.Scan(new McapDigests());
        Assert.False(result.Complete, "a corrupt file read as complete");
        return result;
    }
}
