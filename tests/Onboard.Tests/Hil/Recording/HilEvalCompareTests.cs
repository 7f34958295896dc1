using System.Text.Json;
using Onboard.Hil.Replay;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Hil.Recording;

/// <summary><c>onboard hil eval</c> and <c>compare</c> on the fixture's recording; realtime replay; a sim camera's ground truth.</summary>
public sealed class HilEvalCompareTests(HilRecordingFixture fixture) : IClassFixture<HilRecordingFixture>
{
    [Fact]
    public void Eval_Json_HasTheIssuesFieldsWithPlausibleValues()
    {
        var (code, output, error) = HilRecordingFixture.Run("hil", "eval", fixture.Recording, "--json");

        Assert.True(code == 0, error);
        JsonElement e = JsonDocument.Parse(output).RootElement;
        foreach (string key in new[] { "map50", "map50_95", "per_class", "mota", "idf1", "hota", "latency", "triggers" })
        {
            Assert.True(e.TryGetProperty(key, out _), key);
        }
        Assert.InRange(e.GetProperty("map50").GetDouble(), 0.3, 1);
        Assert.True(e.GetProperty("map50_95").GetDouble() < e.GetProperty("map50").GetDouble());
        Assert.Equal(4, e.GetProperty("per_class").GetArrayLength());
        Assert.True(e.GetProperty("latency").GetProperty("infer").GetProperty("samples").GetInt32() == HilRecordingFixture.Frames);
        Assert.True(e.GetProperty("latency").TryGetProperty("end_to_end", out _), "a paced recording runs on the live clock");
        JsonElement triggers = e.GetProperty("triggers");
        var events = triggers.GetProperty("events").EnumerateArray().Select(x => x.GetProperty("name").GetString()).ToList();
        Assert.Equal(["occlusion", "fog"], events);
        // The fixture's periodic rule: admitted at 0.5, 1.5 and 2.5 s (clips ±0.2 s), suppressed at 1.0 and 2.0 s. Every
        // clip holds the occlusion (0–2.9 s); the one at 1.5 s also the fog (frames 10–14, 1.0–1.4 s) in its pre-buffer.
        Assert.True(triggers.GetProperty("recorded").GetBoolean());
        Assert.Equal((3, 3, 2, 2), (triggers.GetProperty("firings").GetInt32(), triggers.GetProperty("true_positives").GetInt32(),
            triggers.GetProperty("suppressed").GetInt32(), triggers.GetProperty("events_recalled").GetInt32()));
        Assert.Equal(1.0, triggers.GetProperty("recall").GetDouble());
        Assert.Equal(1.0, triggers.GetProperty("precision").GetDouble());
        Assert.Equal(["tick"], triggers.GetProperty("events")[1].GetProperty("caught_by").EnumerateArray().Select(x => x.GetString()));
        JsonElement periodic = Assert.Single(triggers.GetProperty("per_kind").EnumerateArray());
        Assert.Equal("periodic", periodic.GetProperty("kind").GetString());
        var fog = triggers.GetProperty("fired").EnumerateArray().Single(f => f.GetProperty("sequence").GetInt32() == 15);
        Assert.Equal(["occlusion", "fog"], fog.GetProperty("events").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Compare_TriggerFiringsChanged_ListsEachByFrameAndRule()
    {
        RecordingFile reference = RecordingFile.Read(fixture.Recording, images: false);
        RecordingFile changed = RecordingFile.Read(fixture.Recording, images: false);
        List<TriggerEvent> firings = changed.Cameras["front"].Triggers;
        firings.RemoveAll(f => f.Header.Sequence == 5);
        firings.Single(f => f.Header.Sequence == 10).Suppressed = TriggerSuppression.None;
        TriggerEvent extra = firings.Single(f => f.Header.Sequence == 15).Clone();
        extra.Header.Sequence = 7;
        firings.Add(extra);

        ComparisonResult result = RecordingComparer.Compare(reference, changed, new CompareTolerance());

        Assert.Equal(
            ["/triggers #5: camera front: trigger tick (periodic) fired in the reference, not in the new recording",
             "/triggers #10: camera front: trigger tick (periodic), suppressed cooldown → trigger tick (periodic)",
             "/triggers #7: camera front: trigger tick (periodic) fired in the new recording only"],
            result.Differences.Select(d => d.ToString()));
        TopicComparison t = result.Topics["/triggers"];
        Assert.Equal((3, 1, 1, 1), (t.Compared, t.Missing, t.Extra, t.Differing));
    }

    [Fact]
    public void Eval_RecordingWithoutGroundTruth_Exit2NamingWhatIsMissing()
    {
        var (code, _, error) = HilRecordingFixture.Run("hil", "eval", Path.Combine(OnboardCli.RepositoryRoot, "Onboard.sln"));

        Assert.Equal(2, code);
        Assert.Contains("Onboard.sln: not a complete recording: stopped at byte 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_BoxMovedHalfAPixel_DiffersExactlyButNotWithinOnePixel()
    {
        RecordingFile reference = RecordingFile.Read(fixture.Recording, images: false);
        RecordingFile moved = RecordingFile.Read(fixture.Recording, images: false);
        var list = moved.Cameras["front"].Detections.Values.First(l => l.Detections.Count > 0);
        list.Detections[0].X1 += 0.5f;

        ComparisonResult exact = RecordingComparer.Compare(reference, moved, new CompareTolerance());
        ComparisonResult loose = RecordingComparer.Compare(reference, moved, new CompareTolerance(BoxPx: 1));

        RecordingDifference d = Assert.Single(exact.Differences);
        Assert.Equal("/front/detections", d.Topic);
        Assert.Equal(list.Header.Sequence, d.Sequence);
        Assert.Contains("has no counterpart within tolerance; nearest of its class", d.What, StringComparison.Ordinal);
        Assert.True(loose.Equal);
    }

    [Fact]
    public void Replay_Realtime_RecordsAtTheRecordedTimingWithEveryFrameAccountedFor()
    {
        string output = fixture.Dir.File("realtime.mcap");
        var (code, stdout, error) = HilRecordingFixture.Run("hil", "replay", fixture.Recording, "--output", output, "--realtime");

        Assert.True(code == 0, error);
        RecordingFile replay = RecordingFile.Read(output, images: false);
        Assert.Equal("realtime", replay.MetadataValue("recording", "pacing"));
        RecordedCamera front = replay.Cameras["front"];
        Assert.InRange(front.Images.Count, 1, HilRecordingFixture.Frames);
        // Every frame's fate is counted: published, or dropped — by the pipeline's queues, or skipped by the source
        // (a sequence gap, as from a real camera): in = published + dropped, and only published frames have detections.
        Assert.Subset(front.Images.Select(i => i.Sequence).ToHashSet(), front.Detections.Keys.ToHashSet());
        var line = System.Text.RegularExpressions.Regex.Match(stdout, @"camera front in=(\d+) published=(\d+) dropped=(\d+)");
        Assert.True(line.Success, stdout);
        int framesIn = Count(1), published = Count(2), dropped = Count(3);
        Assert.Equal(framesIn, published + dropped);
        Assert.Equal(front.Detections.Count, published);
        Assert.InRange(front.Images.Count, published, framesIn);

        int Count(int group) => int.Parse(line.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void Record_SimCamera_CarriesItsScenesGroundTruth()
    {
        string config = fixture.Dir.File("sim.json");
        File.WriteAllText(config, """
            { "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 250 },
              "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 } },
              "cameras": [ { "id": "sim", "model": "signs", "source": { "kind": "sim", "fps": 5, "width": 640, "height": 360 } } ] }
            """);
        string output = fixture.Dir.File("sim.mcap");

        var (code, _, error) = HilRecordingFixture.Run("record", "--config", config, "--output", output, "--seconds", "3", "--jpeg");

        Assert.True(code == 0, error);
        RecordingFile file = RecordingFile.Read(output, images: false);
        RecordedCamera sim = file.Cameras["sim"];
        Assert.Equal(file.Topics["/sim/image"], sim.Images.Count);
        Assert.NotEmpty(sim.Truth);
        Assert.Equal(sim.Images.Select(i => i.Sequence), sim.Truth.Keys);
        Assert.All(sim.Truth.Values, t => Assert.InRange(t.Objects.Count, 3, 6));
        Assert.Equal("jpeg", file.MetadataValue("recording", "image_encoding"));
    }
}
