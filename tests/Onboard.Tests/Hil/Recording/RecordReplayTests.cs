using Google.Protobuf;
using Onboard.Hil.Replay;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Tests.Clips.Mcap;

namespace Onboard.Tests.Hil.Recording;

/// <summary><c>onboard record</c> on a scenario, <c>onboard hil replay</c> of it, and what @mcap/core reads of both.</summary>
public sealed class RecordReplayTests(HilRecordingFixture fixture) : IClassFixture<HilRecordingFixture>
{
    [Fact]
    public void Record_Scenario_McapCoreReadsEveryChannelWithValidCrcsAndTheMetadata()
    {
        Assert.True(fixture.Record.ExitCode == 0, fixture.Record.Output + fixture.Record.Error);
        Assert.Contains("camera front in=30 published=30 dropped=0", fixture.Record.Output, StringComparison.Ordinal);
        var indexed = McapPeer.Read(fixture.Recording).GetProperty("indexed");
        Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("valid").GetBoolean());
        var schemas = indexed.GetProperty("schemas").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetInt32(), s => s.GetProperty("name").GetString());
        var channels = indexed.GetProperty("channels").EnumerateArray().ToDictionary(c => c.GetProperty("topic").GetString()!, c => schemas[c.GetProperty("schemaId").GetInt32()]);
        var messages = indexed.GetProperty("messages");
        foreach ((string topic, string schema) in new[]
        {
            ("/front/image", "foxglove.RawImage"), ("/front/ground_truth", "onboard.hil.v1.GroundTruthList"), ("/front/detections", "onboard.v1.DetectionList"),
            ("/front/annotations", "foxglove.ImageAnnotations"), ("/front/tracks", "onboard.v1.TrackList"),
        })
        {
            Assert.Equal(schema, channels[topic]);
            Assert.Equal(HilRecordingFixture.Frames, messages.GetProperty(topic).GetProperty("count").GetInt32());
        }
        Assert.Equal("onboard.v1.Health", channels["/front/health"]);
        Assert.Equal("onboard.v1.TriggerEvent", channels["/triggers"]);
        Assert.Equal(5, messages.GetProperty("/triggers").GetProperty("count").GetInt32());
        var metadata = indexed.GetProperty("metadata").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "lineage", "run_config", "recording", "scenario" }, metadata);
    }

    [Fact]
    public void Record_Scenario_GroundTruthAndDetectionsDescribeTheSameSigns()
    {
        RecordingFile file = RecordingFile.Read(fixture.Recording, images: false);
        RecordedCamera front = file.Cameras["front"];
        Assert.Equal(Enumerable.Range(0, HilRecordingFixture.Frames).Select(i => (ulong)i), front.Truth.Keys);
        Assert.Equal(["fog", "occlusion"], front.Truth[12].Events);
        Assert.Equal(["occlusion"], front.Truth[20].Events);
        // The synthetic detector sees the near signs: most scored truths have a detection of their class over them.
        int scored = 0, found = 0;
        foreach ((ulong sequence, var truth) in front.Truth)
        {
            foreach (var t in truth.Objects.Where(o => !o.Ignore))
            {
                scored++;
                found += front.Detections[sequence].Detections.Any(d => d.ClassId == t.ClassId && Math.Abs(d.X1 - t.X1) < 4 && Math.Abs(d.X2 - t.X2) < 4) ? 1 : 0;
            }
        }
        Assert.True(scored > 30 && found > scored / 2, $"{found} of {scored} truths detected");
    }

    [Fact]
    public void Replay_TwiceInLockstep_OutputsAreBitIdentical()
    {
        Assert.True(fixture.Replay1.ExitCode == 0, fixture.Replay1.Output + fixture.Replay1.Error);
        Assert.True(fixture.Replay2.ExitCode == 0, fixture.Replay2.Output + fixture.Replay2.Error);
        RecordingFile a = RecordingFile.Read(fixture.Replay1Path), b = RecordingFile.Read(fixture.Replay2Path);
        RecordedCamera x = a.Cameras["front"], y = b.Cameras["front"];
        Assert.Equal(HilRecordingFixture.Frames, x.Detections.Count);
        Assert.Equal(x.Detections.Keys, y.Detections.Keys);
        Assert.Equal(x.Tracks.Keys, y.Tracks.Keys);
        foreach (ulong s in x.Detections.Keys)
        {
            Assert.Equal(Output(x.Detections[s]), Output(y.Detections[s]));
            Assert.Equal(Output(x.Tracks[s]), Output(y.Tracks[s]));
            Assert.Equal(x.Truth[s].ToByteArray(), y.Truth[s].ToByteArray());
        }
        Assert.Equal(x.Images.Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(i.Data))),
            y.Images.Select(i => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(i.Data))));
        Assert.Contains(x.Tracks.Values, t => t.Tracks.Count > 0);

        // The triggers run on the recording's capture times: a replay fires on the frames the recording did.
        RecordingFile recorded = RecordingFile.Read(fixture.Recording, images: false);
        Assert.Equal(["tick"], recorded.Lineage.TriggerIds);
        Assert.Equal(Firings(recorded.Cameras["front"]), Firings(x));
        Assert.Equal(Firings(x), Firings(y));

        var compare = HilRecordingFixture.Run("hil", "compare", fixture.Replay1Path, fixture.Replay2Path);
        Assert.True(compare.ExitCode == 0, compare.Output);
        Assert.Contains("topic /triggers compared=5 missing=0 extra=0 differing=0", compare.Output, StringComparison.Ordinal);
        Assert.Contains("equal within box-tol=0 score-tol=0", compare.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_ADifferentModel_WarnsWithTheLineageDifferenceAndCompareListsWhatChanged()
    {
        string config = fixture.Dir.File("strict.json");
        File.WriteAllText(config, HilRecordingFixture.RunConfig(""", "version": "2", "scoreThreshold": 0.97"""));
        string output = fixture.Dir.File("strict.mcap");

        var replay = HilRecordingFixture.Run("hil", "replay", fixture.Recording, "--config", config, "--output", output);

        Assert.True(replay.ExitCode == 0, replay.Error);
        Assert.Contains("hil replay: warning: model \"signs\" version: recorded 0.1.0 → replayed 2", replay.Error, StringComparison.Ordinal);
        var compare = HilRecordingFixture.Run("hil", "compare", fixture.Recording, output, "--box-tol", "0.5");
        Assert.Equal(1, compare.ExitCode);
        Assert.Contains("/front/detections #", compare.Output, StringComparison.Ordinal);
        Assert.Contains("differ: ", compare.Output, StringComparison.Ordinal);
        Assert.Matches(@"topic /front/detections compared=30 missing=0 extra=0 differing=[1-9]", compare.Output);
        Assert.Contains("(compared anyway)", compare.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_TruncatedRecording_Exit2NamingWhereItStops()
    {
        string cut = fixture.Dir.File("cut.mcap");
        byte[] bytes = File.ReadAllBytes(fixture.Recording);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var replay = HilRecordingFixture.Run("hil", "replay", cut, "--output", fixture.Dir.File("never.mcap"));

        Assert.Equal(2, replay.ExitCode);
        Assert.Matches(@"cut\.mcap: not a complete recording: stopped at byte \d+ \(", replay.Error);
        Assert.False(File.Exists(fixture.Dir.File("never.mcap")));
    }

    [Fact]
    public void Replay_CameraTheRecordingLacks_Exit2NamingTheMissingChannel()
    {
        string config = fixture.Dir.File("rear.json");
        File.WriteAllText(config, HilRecordingFixture.RunConfig("", cameraId: "rear"));

        var replay = HilRecordingFixture.Run("hil", "replay", fixture.Recording, "--config", config, "--output", fixture.Dir.File("rear.mcap"));

        Assert.Equal(2, replay.ExitCode);
        Assert.Contains("run.mcap: no /rear/image channel (channels: /front/annotations, /front/detections", replay.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ScenarioWithAnUnknownField_Exit2NamingIt()
    {
        File.WriteAllText(fixture.Dir.File("bad.json"), """{ "duration": 2, "signs": [ { "class": "octagon", "distance": 30, "colour": "red" } ] }""");
        string config = fixture.Dir.File("bad-run.json");
        File.WriteAllText(config, HilRecordingFixture.RunConfig("").Replace("drive.json", "bad.json", StringComparison.Ordinal));

        var record = HilRecordingFixture.Run("record", "--config", config, "--output", fixture.Dir.File("bad.mcap"));

        Assert.Equal(2, record.ExitCode);
        Assert.Contains("signs[0].colour: unknown field", record.Error, StringComparison.Ordinal);
    }

    /// <summary>A message's bytes without its stage timestamps: those measure this run's wall clock, not its output.</summary>
    private static byte[] Output(DetectionList list)
    {
        DetectionList copy = list.Clone();
        copy.Header.Stages.Clear();
        return copy.ToByteArray();
    }

    private static byte[] Output(TrackList list)
    {
        TrackList copy = list.Clone();
        copy.Header.Stages.Clear();
        return copy.ToByteArray();
    }

    /// <summary>Each firing's frame, rule and fate (the fixture's rule: frames 5 to 25, every fifth, 10 and 20 suppressed).</summary>
    private static List<string> Firings(RecordedCamera camera)
    {
        var firings = camera.Triggers.Select(e => $"{e.Header.Sequence} {e.TriggerId} {e.Suppressed}").ToList();
        Assert.Equal(["5 tick None", "10 tick Cooldown", "15 tick None", "20 tick Cooldown", "25 tick None"], firings);
        return firings;
    }
}
