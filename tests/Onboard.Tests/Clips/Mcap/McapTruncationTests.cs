using Onboard.Runtime.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>A file cut short anywhere — at every record boundary, inside every record's prefix and content — is read
/// as far as it is valid: exactly the messages of the chunks wholly before the cut, and the stop names the record.</summary>
public sealed class McapTruncationTests
{
    [Theory]
    [InlineData(McapCompression.None)]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Scan_CutAtEveryBoundaryAndInsideEveryRecord_StopsAtThatRecordWithEveryEarlierMessage(McapCompression compression)
    {
        using var dir = new TempDirectory();
        byte[] file = SmallFile(dir, compression);
        var layout = McapLayout.Of(file);
        Assert.True(layout.Records.Count(r => r.Opcode == 0x06) >= 5, "the file should have several chunks");

        var cuts = new SortedSet<long>();
        foreach (var record in layout.Records)
        {
            cuts.UnionWith([record.Offset, record.Offset + 1, record.Offset + 5, record.Offset + 9, record.Offset + record.Length / 2, record.End - 1]);
        }
        cuts.UnionWith([0, 3, layout.Length - 8, layout.Length - 1]);
        cuts.RemoveWhere(c => c >= layout.Length);

        foreach (long cut in cuts)
        {
            using var reader = new McapReader(new MemoryStream(file, 0, (int)cut, writable: false));
            var result = reader.Scan(new McapDigests());
            Assert.False(result.Complete, $"cut at {cut}: read as complete");
            Assert.NotNull(result.Stop);
            Assert.True(layout.StopFor(cut) == result.Stop.Offset, $"cut at {cut}: {result}; expected to stop at {layout.StopFor(cut)}");
            Assert.True(layout.MessagesBefore(cut) == result.MessagesRead, $"cut at {cut}: {result}; expected {layout.MessagesBefore(cut)} messages");
        }
    }

    [Fact]
    public void ReadMessages_CutInsideAChunk_FallsBackToScanAndNamesTheChunk()
    {
        using var dir = new TempDirectory();
        byte[] file = SmallFile(dir, McapCompression.Zstd);
        var layout = McapLayout.Of(file);
        var third = layout.Chunk(2);
        long cut = third.Offset + third.Length / 2;

        using var reader = new McapReader(new MemoryStream(file, 0, (int)cut, writable: false));
        Assert.False(reader.TryReadSummary(out _, out var problem));
        Assert.Contains("MCAP magic", problem!.Problem, StringComparison.Ordinal);
        var result = reader.ReadMessages(new McapDigests());

        Assert.False(result.UsedSummary);
        Assert.Equal(third.Offset, result.Stop!.Offset);
        Assert.Equal("Chunk #3", result.Stop.Record);
        Assert.Contains("cut short inside this record", result.Stop.Problem, StringComparison.Ordinal);
        Assert.Equal(layout.Chunk(0).Messages + layout.Chunk(1).Messages, result.MessagesRead);
        Assert.Equal(2, result.ChunksRead);
    }

    [Fact]
    public void Scan_NotAnMcapFile_StopsAtByteZero()
    {
        using var reader = new McapReader(new MemoryStream("PK\u0003\u0004 not mcap at all"u8.ToArray()));
        var result = reader.Scan(new McapDigests());
        Assert.False(result.Complete);
        Assert.Equal(0, result.Stop!.Offset);
        Assert.Contains("not an MCAP file", result.Stop.Problem, StringComparison.Ordinal);
    }

    /// <summary>About ten chunks of 64 KiB: detections and image-sized payloads.</summary>
    internal static byte[] SmallFile(TempDirectory dir, McapCompression compression)
    {
        string path = dir.File($"small-{compression}.mcap");
        using (var writer = new McapWriter(File.Create(path), new McapWriterOptions { Compression = compression, ChunkSize = 64 * 1024 }))
        {
            ushort schema = writer.AddSchema("raw", "", []);
            ushort a = writer.AddChannel(schema, "/a", "application/octet-stream");
            ushort b = writer.AddChannel(0, "/b", "application/octet-stream");
            var random = new Random(3);
            for (int i = 0; i < 400; i++)
            {
                var payload = new byte[i % 20 == 0 ? 30_000 : 300];
                random.NextBytes(payload);
                writer.WriteMessage(i % 3 == 0 ? b : a, (uint)i, 1000 + (ulong)i, 1000 + (ulong)i, payload);
            }
            writer.WriteMetadata("lineage", new Dictionary<string, string> { ["k"] = "v" });
            writer.Finish();
        }
        return File.ReadAllBytes(path);
    }
}
