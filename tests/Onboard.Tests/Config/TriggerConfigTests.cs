using Onboard.Runtime.Config;
using Onboard.Runtime.Triggers;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Config;

/// <summary><c>triggers</c> and <c>clips</c>: every kind's parameters read, and no silent clamping — bad rules are named.</summary>
public sealed class TriggerConfigTests
{
    private const string Head = """
        "models": { "signs": { "builtin": "synthetic-signs" }, "strict": { "builtin": "synthetic-signs", "scoreThreshold": 0.6 } },
        "cameras": [
          { "id": "front", "model": "signs", "shadow": "strict", "source": { "kind": "sim", "fps": 30 } },
          { "id": "rear", "model": "signs", "source": { "kind": "shm", "name": "rear" } } ],
        """;

    [Fact]
    public void Parse_EveryKind_ReadsItsParameters()
    {
        string json = "{" + Head + """
          "clips": { "spool": "spool", "quotaMb": 512, "preBufferMb": 128, "jpegQuality": 80, "width": 640 },
          "triggers": [
            { "id": "low", "kind": "lowConfidence", "min": 0.2, "max": 0.4, "frames": 5, "priority": 2 },
            { "id": "rare", "kind": "rareClass", "classes": ["octagon"], "belowFraction": 0.01, "windowSeconds": 120 },
            { "id": "shadow", "kind": "shadowDisagreement", "cameras": ["front"], "iou": 0.6, "minDifferences": 2, "frames": 4 },
            { "id": "flicker", "kind": "trackFlicker", "times": 4, "windowSeconds": 8 },
            { "id": "flip", "kind": "classFlip" },
            { "id": "late", "kind": "lateDetection", "minHeightFraction": 0.15 },
            { "id": "miss", "kind": "deadlineMiss", "count": 7, "windowSeconds": 3 },
            { "id": "spike", "kind": "latencySpike", "ms": 40, "windowSeconds": 5 },
            { "id": "driver", "kind": "manual", "preSeconds": 20, "postSeconds": 10, "cooldownSeconds": 0, "maxPerHour": 20, "maxPerDay": 200, "priority": 9 },
            { "id": "sample", "kind": "periodic", "probability": 0.001, "seed": 42 } ]
        }
        """;
        using var dir = new TempDirectory();
        RunConfig? config = ConfigReader.Parse(json, dir.Path, out List<ConfigError> errors);
        Assert.Empty(errors);
        Assert.Equal(Path.Combine(dir.Path, "spool"), config!.Clips.Spool);
        Assert.Equal((512.0, 128.0, 80, 640), (config.Clips.QuotaMb, config.Clips.PreBufferMb, config.Clips.JpegQuality, config.Clips.Width));
        Assert.Equal(TriggerKinds.Names, config.Triggers.Select(t => TriggerKinds.Name(t.Kind)));
        TriggerConfig low = config.Triggers[0];
        Assert.Equal((0.2, 0.4, 5, 2), (low.Min, low.Max, low.Frames, low.Priority));
        Assert.Equal(["octagon"], config.Triggers[1].Classes);
        Assert.Equal((0.6, 2, 4), (config.Triggers[2].Iou, config.Triggers[2].MinDifferences, config.Triggers[2].Frames));
        Assert.Equal(["front"], config.Triggers[2].Cameras);
        Assert.Equal((4, 8.0), (config.Triggers[3].Times, config.Triggers[3].WindowSeconds));
        Assert.Equal(0.15, config.Triggers[5].MinHeightFraction);
        Assert.Equal((7, 3.0), (config.Triggers[6].Count, config.Triggers[6].WindowSeconds));
        Assert.Equal(40, config.Triggers[7].Ms);
        TriggerConfig driver = config.Triggers[8];
        Assert.Equal((20.0, 10.0, 0.0, 20, 200, 9), (driver.PreSeconds, driver.PostSeconds, driver.CooldownSeconds, driver.MaxPerHour, driver.MaxPerDay, driver.Priority));
        Assert.Equal((0.001, 42), (config.Triggers[9].Probability, config.Triggers[9].Seed));
    }

    [Fact]
    public void Parse_BadRules_NameEveryField()
    {
        string json = "{" + Head + """
          "clips": { "preBufferMb": 16, "width": 641 },
          "triggers": [
            { "id": "a", "kind": "lowConfidence", "min": 0.5, "max": 0.5 },
            { "id": "b", "kind": "rareClass", "classes": ["unicorn"], "preSeconds": 2 },
            { "id": "c", "kind": "periodic", "everySeconds": 60, "preSeconds": 40 },
            { "id": "d", "kind": "bogus" },
            { "id": "e", "kind": "shadowDisagreement", "preSeconds": 1 },
            { "id": "f", "kind": "classFlip", "cameras": ["side"], "maxPerHour": 0, "times": 3, "preSeconds": 1 },
            { "id": "a", "kind": "manual", "maxPerHour": 50, "maxPerDay": 10, "priority": 10, "preSeconds": 1 } ]
        }
        """;
        RunConfig? config = ConfigReader.Parse(json, Path.GetTempPath(), out List<ConfigError> errors);
        Assert.Null(config);
        Assert.Equal(
        [
            "clips.width", "triggers[0].max", "triggers[1].classes[0]", "triggers[2].preSeconds", "triggers[3].kind",
            "triggers[4].cameras", "triggers[5].cameras[0]", "triggers[5].maxPerHour", "triggers[5].times",
            "triggers[6].priority", "triggers[6].maxPerHour", "triggers[6].id",
        ], errors.Select(e => e.Path));
        Assert.Contains(errors, e => e.Path == "triggers[2].preSeconds" && e.Message.StartsWith("40 s exceeds clips.preBufferMb (16 MB holds about", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "triggers[4].cameras" && e.Message.Contains("camera \"rear\" has no shadow model", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "triggers[1].classes[0]" && e.Message.Contains("octagon", StringComparison.Ordinal));
    }
}
