using System.Globalization;
using System.Text;
using System.Text.Json;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard track</c> run as a process on JSON-lines files.</summary>
public sealed class TrackCommandTests
{
    /// <summary>Two objects moving for 20 frames at 30 fps; the second only from frame 5 on.</summary>
    private static string Frames(int count = 20)
    {
        var text = new StringBuilder();
        for (int f = 0; f < count; f++)
        {
            double t = f / 30.0;
            string boxes = $"[{100 + 3 * f}, 100, {160 + 3 * f}, 220]";
            string scores = "0.9", classes = "2";
            if (f >= 5)
            {
                boxes += $", [{700 - 4 * f}, 300, {740 - 4 * f}, 340]";
                scores += ", 0.6";
                classes += ", 0";
            }
            text.Append(CultureInfo.InvariantCulture, $"{{\"t\": {t.ToString("R", CultureInfo.InvariantCulture)}, \"boxes\": [{boxes}], \"scores\": [{scores}], \"classes\": [{classes}]}}\n");
        }
        return text.ToString();
    }

    [Fact]
    public void Track_JsonLines_WritesOneLinePerFrameWithStableIds()
    {
        using var dir = new TempDirectory();
        string input = dir.File("frames.jsonl");
        File.WriteAllText(input, Frames());
        var (code, output, error) = OnboardCli.Run("track", "--input", input);
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n');
        Assert.Equal(20, lines.Length);
        string[] inputLines = File.ReadAllLines(input);
        for (int f = 0; f < lines.Length; f++)
        {
            using var json = JsonDocument.Parse(lines[f]);
            JsonElement root = json.RootElement;
            using var source = JsonDocument.Parse(inputLines[f]);
            Assert.Equal(source.RootElement.GetProperty("t").GetRawText(), root.GetProperty("t").GetRawText());
            JsonElement[] tracks = [.. root.GetProperty("tracks").EnumerateArray()];
            // Frame 0 confirms at once (ByteTrack's first frame); the second object is tentative in frame 5.
            int expected = f < 6 ? 1 : 2;
            Assert.Equal(expected, tracks.Length);
            JsonElement first = tracks[0];
            Assert.Equal(1, first.GetProperty("id").GetInt32());
            Assert.Equal(2, first.GetProperty("class").GetInt32());
            Assert.Equal("confirmed", first.GetProperty("state").GetString());
            Assert.Equal(4, first.GetProperty("box").GetArrayLength());
            Assert.Equal(2, first.GetProperty("velocity").GetArrayLength());
            JsonElement[] path = [.. first.GetProperty("trajectory").EnumerateArray()];
            Assert.Equal([0.5, 1, 2, 3], path.Select(p => p[0].GetDouble()));
            Assert.All(path, p => Assert.Equal(6, p.GetArrayLength()));
            if (expected == 2)
            {
                Assert.Equal(2, tracks[1].GetProperty("id").GetInt32());
            }
        }
        using var last = JsonDocument.Parse(lines[^1]);
        // 3 px per frame = 90 px/s.
        Assert.Equal(90, last.RootElement.GetProperty("tracks")[0].GetProperty("velocity")[0].GetDouble(), 3.0);
    }

    [Fact]
    public void Track_All_IncludesTentativeAndLostTracks()
    {
        using var dir = new TempDirectory();
        string input = dir.File("frames.jsonl");
        File.WriteAllText(input, Frames(6) + "{\"t\": 0.2, \"boxes\": [], \"scores\": []}\n");
        var (code, output, error) = OnboardCli.Run("track", "--input", input, "--all");
        Assert.True(code == 0, error);
        string[] lines = output.Split('\n');
        using var f5 = JsonDocument.Parse(lines[5]);
        Assert.Equal(["confirmed", "tentative"], f5.RootElement.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("state").GetString()));
        using var f6 = JsonDocument.Parse(lines[6]);
        JsonElement lost = Assert.Single(f6.RootElement.GetProperty("tracks").EnumerateArray().ToArray());
        Assert.Equal("lost", lost.GetProperty("state").GetString());
        Assert.Equal(0, lost.GetProperty("trajectory").GetArrayLength());
    }

    [Fact]
    public void Track_MalformedLine_NamesItsLineAndWritesNothingForIt()
    {
        using var dir = new TempDirectory();
        string input = dir.File("frames.jsonl");
        string[] good = Frames(3).TrimEnd('\n').Split('\n');
        File.WriteAllLines(input, [good[0], good[1], "{\"t\": 0.1, \"boxes\": [[1, 2, 3]], \"scores\": [0.5]}", good[2]]);
        var (code, output, error) = OnboardCli.Run("track", "--input", input);
        Assert.Equal(2, code);
        Assert.Equal(2, output.Split('\n').Length);
        Assert.Contains("frames.jsonl:3: box 0 is not [x1, y1, x2, y2]", error, StringComparison.Ordinal);

        File.WriteAllLines(input, [good[0], "{\"t\": 0.1, \"boxes\": [[1, 2, 3, 4]], \"scores\": [0.5]"]);
        (code, output, error) = OnboardCli.Run("track", "--input", input);
        Assert.Equal(2, code);
        Assert.Single(output.Split('\n'));
        Assert.Contains("frames.jsonl:2:", error, StringComparison.Ordinal);

        File.WriteAllLines(input, [good[1], good[0]]);
        (code, _, error) = OnboardCli.Run("track", "--input", input);
        Assert.Equal(2, code);
        Assert.Contains("frames.jsonl:2: t = 0 is before the previous line's", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_Config_BadFieldIsNamedAndGroundIsWritten()
    {
        using var dir = new TempDirectory();
        string input = dir.File("frames.jsonl"), config = dir.File("tracker.json");
        File.WriteAllText(input, "{\"t\": 0, \"boxes\": [[600, 400, 680, 460], [600, 100, 650, 150]], \"scores\": [0.9, 0.9]}\n");
        File.WriteAllText(config, "{ \"lowThreshold\": 0.5, \"highThreshold\": 0.4 }");
        var (code, _, error) = OnboardCli.Run("track", "--input", input, "--config", config);
        Assert.Equal(2, code);
        Assert.Contains("highThreshold: must be at least lowThreshold (0.5)", error, StringComparison.Ordinal);

        File.WriteAllText(config, """
            { "horizons": [1], "ground": { "fx": 1000, "fy": 1000, "cx": 640, "cy": 360, "imageWidth": 1280, "imageHeight": 720, "heightM": 1.5 } }
            """);
        (code, string output, error) = OnboardCli.Run("track", "--input", input, "--config", config);
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        JsonElement[] tracks = [.. json.RootElement.GetProperty("tracks").EnumerateArray()];
        // Bottom centre (640, 460): 100 px below the horizon, 15 m ahead. The second box is in the sky: null.
        JsonElement ground = tracks[0].GetProperty("ground");
        Assert.Equal(15, ground.GetProperty("x").GetDouble(), 1e-3);
        Assert.Equal(0, ground.GetProperty("y").GetDouble(), 1e-3);
        Assert.Equal(3, ground.GetProperty("cov").GetArrayLength());
        Assert.Equal(1, tracks[0].GetProperty("groundTrajectory").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, tracks[1].GetProperty("ground").ValueKind);
    }
}
