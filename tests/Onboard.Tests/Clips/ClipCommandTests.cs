using System.Text.Json;
using Onboard.Runtime.Imaging;
using Onboard.Tests.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Clips;

/// <summary><c>onboard clip inspect</c> and <c>extract</c> through the real executable, on whole and on damaged clips.</summary>
public sealed class ClipCommandTests
{
    [Fact]
    public void Inspect_WholeClip_ListsChannelsCountsTimeRangeLineageAndTriggers()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir);

        using var json = OnboardCli.Json("clip", "inspect", clip.Path, "--json");
        var root = json.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean());
        var channels = root.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("topic").GetString()!, c => c);
        Assert.Equal(ClipFixture.Frames, channels["/front/image"].GetProperty("messages").GetInt32());
        Assert.Equal("foxglove.CompressedImage", channels["/front/image"].GetProperty("schema").GetString());
        Assert.Equal(2, channels["/triggers"].GetProperty("messages").GetInt32());
        Assert.Equal(ClipFixture.T0, root.GetProperty("start_ns").GetInt64());
        Assert.Equal(ClipFixture.T0 + (ClipFixture.Frames - 1) * ClipFixture.Period + 1000, root.GetProperty("end_ns").GetInt64());
        var lineage = root.GetProperty("metadata").GetProperty("lineage");
        Assert.Equal("veh-7", lineage.GetProperty("vehicle_id").GetString());
        Assert.Equal("low-conf,manual", lineage.GetProperty("trigger_ids").GetString());
        Assert.Equal("CPUExecutionProvider", lineage.GetProperty("model.0.execution_provider").GetString());
        // The trigger events are decoded with the schema the clip carries (no compiled type involved).
        var triggers = root.GetProperty("triggers").EnumerateArray().ToArray();
        Assert.True(triggers.Length == 2, root.GetProperty("triggers").ToString());
        Assert.True(triggers[0].GetProperty("event").TryGetProperty("header", out _), triggers[0].ToString());
        Assert.Equal("10", triggers[0].GetProperty("event").GetProperty("header").GetProperty("sequence").ToString());
        Assert.Equal("front", triggers[1].GetProperty("event").GetProperty("header").GetProperty("cameraId").GetString());

        var (code, text, _) = OnboardCli.Run("clip", "inspect", clip.Path);
        Assert.Equal(0, code);
        Assert.Contains("status     complete, every CRC valid", text, StringComparison.Ordinal);
        Assert.Contains("model      signs: synthetic-signs 1.0.0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_ClipCutInsideAChunk_ShowsWhatIsValidNamesTheStopAndExitsOne()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir);
        byte[] bytes = File.ReadAllBytes(clip.Path);
        var chunk = McapLayout.Of(bytes).Chunk(1);
        string cut = dir.File("cut.mcap");
        File.WriteAllBytes(cut, bytes.AsSpan(0, (int)(chunk.Offset + chunk.Length / 2)).ToArray());

        var (code, output, error) = OnboardCli.Run("clip", "inspect", cut, "--json");

        Assert.Equal(1, code);
        Assert.Contains($"stopped at byte {chunk.Offset} (Chunk #2)", error, StringComparison.Ordinal);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.False(root.GetProperty("complete").GetBoolean());
        Assert.Equal(chunk.Offset, root.GetProperty("stop").GetProperty("offset").GetInt64());
        Assert.Equal(McapLayout.Of(bytes).Chunk(0).Messages, root.GetProperty("messages").GetInt32());
    }

    [Fact]
    public void Extract_WholeClip_WritesEveryFrameWithItsBoxesDrawn()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir);
        string frames = Path.Combine(dir.Path, "frames");

        var (code, output, error) = OnboardCli.Run("clip", "extract", clip.Path, "--frames", frames);

        Assert.True(code == 0, error);
        Assert.Contains($"extracted {2 * ClipFixture.Frames} frames", output, StringComparison.Ordinal);
        Assert.Contains("drawn on the frames", output, StringComparison.Ordinal);
        var index = File.ReadAllLines(Path.Combine(frames, "frames.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        for (int i = 0; i < ClipFixture.Frames; i++)
        {
            // Each front frame has boxes: drawn by OpenCV, the frame re-encoded at its recorded size.
            ImageBuffer recorded = ImageCodec.Decode(clip.Jpegs[i % 3], "recorded");
            ImageBuffer drawn = ImageCodec.DecodeFile(Path.Combine(frames, "front", $"{i:D6}.jpg"));
            Assert.Equal((recorded.Width, recorded.Height), (drawn.Width, drawn.Height));
            JsonElement box = index.Single(f => f.GetProperty("file").GetString() == Path.Combine("front", $"{i:D6}.jpg")).GetProperty("boxes")[0];
            int x = (int)((box.GetProperty("x1").GetDouble() + box.GetProperty("x2").GetDouble()) / 2), y = (int)box.GetProperty("y2").GetDouble();
            ReadOnlySpan<byte> bgr = drawn.Data.AsSpan((y * drawn.Stride) + (x * 3), 3);
            Assert.True(bgr[1] > 150 && bgr[0] < 150 && bgr[2] < 150, $"frame {i}: the box's bottom edge at ({x}, {y}) is not drawn: BGR {bgr[0]},{bgr[1]},{bgr[2]}");
        }
        // The rear camera's frames have no annotations: written as recorded, byte for byte.
        Assert.Equal(clip.Jpegs[3], File.ReadAllBytes(Path.Combine(frames, "rear", "000000.jpg")));
        Assert.Equal(2 * ClipFixture.Frames, index.Length);
        var frame5 = index.Single(f => f.GetProperty("file").GetString() == Path.Combine("front", "000005.jpg"));
        Assert.Equal(1 + 5 % 3, frame5.GetProperty("boxes").GetArrayLength());
        Assert.Equal(25, frame5.GetProperty("boxes")[0].GetProperty("y1").GetDouble());
    }

    [Fact]
    public void Extract_CorruptChunk_WritesTheFramesBeforeItAndExitsOne()
    {
        using var dir = new TempDirectory();
        var clip = ClipFixture.Write(dir, Onboard.Runtime.Clips.Mcap.McapCompression.None);
        byte[] bytes = File.ReadAllBytes(clip.Path);
        var chunk = McapLayout.Of(bytes).Chunk(1);
        bytes[chunk.Offset + chunk.Length - 50] ^= 0xFF;
        string bad = dir.File("bad.mcap");
        File.WriteAllBytes(bad, bytes);

        var (code, _, error) = OnboardCli.Run("clip", "extract", bad, "--frames", Path.Combine(dir.Path, "frames"));

        Assert.Equal(1, code);
        Assert.Contains($"stopped at byte {chunk.Offset} (Chunk #2): chunk CRC", error, StringComparison.Ordinal);
        Assert.True(Directory.GetFiles(Path.Combine(dir.Path, "frames", "front")).Length > 0);
    }

    [Fact]
    public void Inspect_MissingFile_ExitsTwoNamingIt()
    {
        var (code, _, error) = OnboardCli.Run("clip", "inspect", "/nonexistent/clip.mcap");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/clip.mcap", error, StringComparison.Ordinal);
    }
}
