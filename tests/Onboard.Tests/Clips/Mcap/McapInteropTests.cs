using System.Text.Json;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips.Mcap;

/// <summary>Files our writer makes, read by an independent reader: @mcap/core (indexed and streaming), with pure-JS
/// decompressors, and their chunks checked by the reference lz4 and zstd command-line tools.</summary>
public sealed class McapInteropTests
{
    [Theory]
    [InlineData(McapCompression.None)]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Write_ManyChannelsAndChunks_McapCoreReadsEveryMessageIdentically(McapCompression compression)
    {
        using var dir = new TempDirectory();
        string file = dir.File("interop.mcap");
        var expected = McapTestFile.Write(file, compression).Summary();

        var peer = McapPeer.Read(file);
        var indexed = peer.GetProperty("indexed");
        var stream = peer.GetProperty("stream");
        Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
        Assert.True(stream.GetProperty("ok").GetBoolean(), stream.ToString());
        Assert.Equal(expected, McapPeer.Messages(indexed));
        Assert.Equal(expected, McapPeer.Messages(stream));

        var statistics = indexed.GetProperty("statistics");
        Assert.Equal(McapTestFile.Detections + McapTestFile.Images + McapTestFile.Large, statistics.GetProperty("messageCount").GetInt32());
        Assert.Equal(4, statistics.GetProperty("channelCount").GetInt32());
        Assert.Equal(2, statistics.GetProperty("schemaCount").GetInt32());
        Assert.Equal(0, statistics.GetProperty("channelMessageCounts").GetProperty("4").GetInt32());
        int chunks = statistics.GetProperty("chunkCount").GetInt32();
        Assert.True(chunks > 10, $"{chunks} chunks: the test should span many");
        Assert.Equal(chunks, stream.GetProperty("chunks").GetInt32());
        Assert.Equal(chunks, indexed.GetProperty("chunks").GetProperty("count").GetInt32());
        Assert.Equal(chunks, indexed.GetProperty("chunks").GetProperty("compression")
            .GetProperty(compression == McapCompression.None ? "none" : McapFormatName(compression)).GetInt32());

        Assert.True(indexed.GetProperty("summaryCrc").GetProperty("valid").GetBoolean());
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("valid").GetBoolean(), indexed.GetProperty("dataSectionCrc").ToString());
        Assert.Equal([3, 4, 8, 11, 13], indexed.GetProperty("summaryOffsets").EnumerateArray().Select(o => o.GetInt32()));
        // Every chunk's Message Index records were read by the indexed reader; the stream reader saw them after each chunk.
        Assert.True(stream.GetProperty("records").GetProperty("MessageIndex").GetInt32() >= chunks);

        var lineage = Assert.Single(indexed.GetProperty("metadata").EnumerateArray());
        Assert.Equal("lineage", lineage.GetProperty("name").GetString());
        Assert.Equal(McapTestFile.Lineage, lineage.GetProperty("entries").Deserialize<Dictionary<string, string>>());
        var channel = indexed.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("topic").GetString() == "/front/image_raw");
        Assert.Equal("front", channel.GetProperty("metadata").GetProperty("camera").GetString());
        var schema = indexed.GetProperty("schemas").EnumerateArray().First();
        Assert.Equal("onboard.v1.DetectionList", schema.GetProperty("name").GetString());
        Assert.Equal("protobuf", schema.GetProperty("encoding").GetString());
    }

    [Theory]
    [InlineData(McapCompression.None)]
    [InlineData(McapCompression.Zstd)]
    [InlineData(McapCompression.Lz4)]
    public void Read_OwnFile_ScanAndSummaryPathEqualWhatWasWritten(McapCompression compression)
    {
        using var dir = new TempDirectory();
        string file = dir.File("own.mcap");
        var expected = McapTestFile.Write(file, compression).Summary();

        using var reader = McapReader.Open(file);
        var scanned = new McapDigests();
        var scan = reader.Scan(scanned);
        Assert.True(scan.Complete, scan.ToString());
        Assert.False(scan.UsedSummary);
        Assert.Equal(expected, scanned.Summary());

        var indexed = new McapDigests();
        var read = reader.ReadMessages(indexed);
        Assert.True(read.Complete, read.ToString());
        Assert.True(read.UsedSummary);
        Assert.Equal(expected, indexed.Summary());
        Assert.Equal(McapTestFile.Lineage, Assert.Single(indexed.Metadata).Entries);
        Assert.Equal(McapTestFile.Lineage, reader.ReadMetadata("lineage")!.Entries);

        // A selection reads only the chunks that hold it and delivers only its messages.
        var images = new McapDigests();
        var selected = reader.ReadMessages(images, c => c.Topic == "/front/image_raw");
        Assert.True(selected.Complete, selected.ToString());
        Assert.Equal(expected["/front/image_raw"], Assert.Single(images.Summary()).Value);
    }

    [Theory]
    [InlineData(McapCompression.Zstd, "zstd")]
    [InlineData(McapCompression.Lz4, "lz4")]
    public void Write_CompressedChunks_ReferenceToolDecodesEachFrame(McapCompression compression, string tool)
    {
        using var dir = new TempDirectory();
        string file = dir.File("frames.mcap");
        McapTestFile.Write(file, compression);
        string chunks = Path.Combine(dir.Path, "chunks");
        McapPeer.Read(file, "--chunks", chunks);

        var frames = Directory.GetFiles(chunks);
        Assert.NotEmpty(frames);
        foreach (string frame in frames)
        {
            // -t: decode and check the frame (lz4: header checksum, block sizes, content size; zstd: frame and checksum).
            using var check = new PeerProcess(tool, "-t", "-q", frame);
            Assert.True(check.WaitForExit(TimeSpan.FromSeconds(60)), tool + " did not exit");
            Assert.True(check.ExitCode == 0, $"{tool} -t {Path.GetFileName(frame)}: {check.StandardError}");
        }
    }

    private static string McapFormatName(McapCompression compression) => compression == McapCompression.Zstd ? "zstd" : "lz4";
}
