using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Tests.Clips.Mcap;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Triggers;

/// <summary>
/// Triggers and clips inside the real <c>onboard run</c>: a disagreeing shadow fires shadowDisagreement end to end,
/// a manual trigger sent by the real <c>onboard trigger</c> lands a clip; clips are read back by @mcap/core and their
/// JPEGs decoded by Debian's OpenCV.
/// </summary>
public sealed class RunTriggerTests
{
    [Fact]
    public void Run_ShadowThatDisagrees_FiresShadowDisagreementAndCutsAClipMcapCoreReads()
    {
        using var dir = new TempDirectory();
        using var run = new TriggerRun(dir.Path, """
            [ { "id": "disagree", "kind": "shadowDisagreement", "iou": 0.5, "minDifferences": 1, "frames": 1,
                "preSeconds": 1, "postSeconds": 1, "cooldownSeconds": 600, "priority": 7 } ]
            """);
        string clip = Assert.Single(run.WaitForClips(1));
        Assert.True(run.Stop() == 0, run.StandardError);

        // (The shadow's own results are in /front/shadow when their frames' pixels were kept: not asserted, the
        // shadow skips frames while busy and a loaded machine drops frames before encoding, both counted.)
        JsonReadBack(clip, out _);
        List<TriggerEvent> events = Triggers(clip);
        TriggerEvent e = events[0];
        Assert.Equal(("disagree", "shadowDisagreement", 7), (e.TriggerId, e.Kind, e.Priority));
        // Later firings inside the clip are in it too, marked as suppressed by the cooldown.
        Assert.All(events.Skip(1), x => Assert.Equal((TriggerSuppression.Cooldown, ""), (x.Suppressed, x.ClipId)));
        Assert.Equal(Path.GetFileNameWithoutExtension(clip), e.ClipId);
        Assert.True(e.Values.Single(v => v.Name == "unmatched").Value >= 1, e.ToString());
        using McapReader reader = McapReader.Open(clip);
        ClipLineage lineage = ClipLineage.FromMetadata(reader.ReadMetadata(ClipTopics.LineageRecord)!.Entries);
        Assert.Equal(["disagree"], lineage.TriggerIds);
        Assert.Equal(7, lineage.Priority);
        Assert.Equal(["signs", "strict"], lineage.Models.Select(m => m.Name));
        Assert.All(lineage.Models, m => Assert.Equal(64, m.Sha256.Length));
        Assert.Equal(64, lineage.ConfigHash.Length);
    }

    [Fact]
    public void Run_ManualTriggerThroughTheCli_LandsAClipWithTheNote_AndJpegsDecodeInOpenCv()
    {
        using var dir = new TempDirectory();
        using var run = new TriggerRun(dir.Path, """
            [ { "id": "driver", "kind": "manual", "preSeconds": 1, "postSeconds": 0.5, "cooldownSeconds": 0 } ]
            """);
        Thread.Sleep(1500); // a second of frames in the pre-buffer
        var refused = OnboardCli.Run("trigger", "--camera", "rear", "--control", run.ControlEndpoint);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("no camera \"rear\"", refused.Error);
        var (code, output, error) = OnboardCli.Run("trigger", "--camera", "front", "--note", "pothole", "--control", run.ControlEndpoint);
        Assert.True(code == 0, error);
        Assert.Equal("trigger accepted camera=front", output);
        string clip = Assert.Single(run.WaitForClips(1));
        Assert.True(run.Stop() == 0, run.StandardError);

        int images = JsonReadBack(clip, out _);
        Assert.True(images >= 3, $"{images} images in a 1.5 s clip at 10 fps");
        TriggerEvent e = Assert.Single(Triggers(clip));
        Assert.Equal(("driver", "manual", "pothole"), (e.TriggerId, e.Kind, e.Note));

        string frames = Path.Combine(dir.Path, "frames");
        var extract = OnboardCli.Run("clip", "extract", clip, "--frames", frames);
        Assert.True(extract.ExitCode == 0, extract.Error);
        Assert.Contains("drawn on the frames", extract.Output);
        string[] jpegs = Directory.GetFiles(Path.Combine(frames, "front"), "*.jpg");
        Assert.Equal(images, jpegs.Length);
        using var python = new PeerProcess(PeerProcess.Python, ["-c",
            "import cv2, sys; s = [cv2.imread(f).shape for f in sys.argv[1:]]; print(len([x for x in s if x == (360, 640, 3)]))", .. jpegs]);
        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(60)), "python did not exit");
        Assert.Equal(jpegs.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), python.ReadLine(TimeSpan.FromSeconds(5)));
    }

    /// <summary>@mcap/core reads the clip whole (both readers, valid CRCs) with every channel a clip has; returns the image count.</summary>
    internal static int JsonReadBack(string clip, out HashSet<string> topics)
    {
        var peer = McapPeer.Read(clip);
        var indexed = peer.GetProperty("indexed");
        Assert.True(indexed.GetProperty("ok").GetBoolean(), indexed.ToString());
        Assert.True(peer.GetProperty("stream").GetProperty("ok").GetBoolean(), peer.ToString());
        Assert.True(indexed.GetProperty("dataSectionCrc").GetProperty("valid").GetBoolean());
        var messages = indexed.GetProperty("messages");
        topics = messages.EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (string topic in new[] { "/front/image", "/front/annotations", "/front/detections", "/front/tracks", "/triggers" })
        {
            Assert.Contains(topic, topics);
        }
        int images = messages.GetProperty("/front/image").GetProperty("count").GetInt32();
        Assert.Equal(images, messages.GetProperty("/front/annotations").GetProperty("count").GetInt32());
        Assert.Contains(indexed.GetProperty("metadata").EnumerateArray(), m => m.GetProperty("name").GetString() == "lineage");
        return images;
    }

    internal static List<TriggerEvent> Triggers(string clip)
    {
        var events = new List<TriggerEvent>();
        using McapReader reader = McapReader.Open(clip);
        McapReadResult result = reader.ReadMessages(new Collect(events), c => c.Topic == ClipTopics.Triggers);
        Assert.True(result.Complete);
        return events;
    }

    private sealed class Collect(List<TriggerEvent> events) : IMcapHandler
    {
        public void OnMessage(in McapMessage message) => events.Add(TriggerEvent.Parser.ParseFrom(message.Data));
    }
}
