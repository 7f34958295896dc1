using System.Text.Json;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Config;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Config;

/// <summary>The tracker section (cameras[].tracker, tracker.json): every field read, every bad one named by its path.</summary>
public sealed class TrackerConfigTests
{
    private static (TrackerSettings? Settings, List<ConfigError> Errors) Read(string json, string path = "cameras[0].tracker")
    {
        var errors = new List<ConfigError>();
        using JsonDocument doc = JsonDocument.Parse(json);
        return (ConfigReader.ReadTracker(doc.RootElement, path, errors), errors);
    }

    [Fact]
    public void ReadTracker_EveryField_IsRead()
    {
        var (s, errors) = Read("""
            { "highThreshold": 0.5, "lowThreshold": 0.2, "newTrackThreshold": 0.6, "matchThreshold": 0.7,
              "secondMatchThreshold": 0.4, "unconfirmedMatchThreshold": 0.6, "fuseScore": false, "bufferSeconds": 2.5,
              "duplicateIoU": 0.9, "crossClassMatching": true, "motionModel": "xyah", "horizons": [0.25, 4],
              "historyLength": 10, "maxTracks": 64, "maxDetections": 100,
              "ground": { "fx": 900, "fy": 910, "cx": 640, "cy": 350, "imageWidth": 1280, "imageHeight": 720,
                          "heightM": 1.4, "pitchDeg": 2, "rollDeg": -1, "yawDeg": 3, "maxRangeM": 150 } }
            """);
        Assert.Empty(errors);
        Assert.Equal((0.5, 0.2, 0.6, 0.7, 0.4, 0.6, false), (s!.HighThreshold, s.LowThreshold, s.NewTrackThreshold, s.MatchThreshold, s.SecondMatchThreshold, s.UnconfirmedMatchThreshold, s.FuseScore));
        Assert.Equal((2.5, 0.9, true, MotionModel.CenterAspectHeight, 10, 64, 100), (s.BufferSeconds, s.DuplicateIoU, s.CrossClassMatching, s.MotionModel, s.HistoryLength, s.MaxTracks, s.MaxDetections));
        Assert.Equal([0.25, 4], s.Horizons);
        Assert.Equal(new GroundCamera { Fx = 900, Fy = 910, Cx = 640, Cy = 350, ImageWidth = 1280, ImageHeight = 720, HeightM = 1.4, PitchDeg = 2, RollDeg = -1, YawDeg = 3, MaxRangeM = 150 }, s.Ground);
    }

    [Fact]
    public void ReadTracker_Empty_IsTheDefaults()
    {
        var (s, errors) = Read("{}");
        Assert.Empty(errors);
        Assert.Equal(new TrackerSettings().HighThreshold, s!.HighThreshold);
        Assert.Null(s.Ground);
    }

    [Fact]
    public void ReadTracker_BadFields_NamesEachByItsPath()
    {
        var (s, errors) = Read("""
            { "highThreshold": 1.2, "lowThreshold": "low", "bufferSeconds": -0.5, "horizons": [1, 0, 11, "x"],
              "motionModel": "xyz", "maxTracks": 1.5, "spare": 1,
              "ground": { "fx": 1000, "fy": 1000, "cx": 640, "cy": 360, "imageWidth": 1280, "heightM": 1.5, "pitchDeg": -50 } }
            """);
        Assert.Null(s);
        string[] paths = [.. errors.Select(e => e.Path)];
        Assert.Equal(
            [
                "cameras[0].tracker.lowThreshold", "cameras[0].tracker.motionModel", "cameras[0].tracker.horizons[3]",
                "cameras[0].tracker.maxTracks", "cameras[0].tracker.ground.imageHeight", "cameras[0].tracker.spare",
                "cameras[0].tracker.highThreshold", "cameras[0].tracker.bufferSeconds", "cameras[0].tracker.horizons[1]",
                "cameras[0].tracker.horizons[2]",
            ],
            paths);
        Assert.Contains("must be in [0, 1] (got 1.2)", errors.Single(e => e.Path.EndsWith(".highThreshold", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown field", errors.Single(e => e.Path.EndsWith(".spare", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTracker_HighBelowLowAndHorizonBelowTheImage_AreNamed()
    {
        var (_, errors) = Read("""
            { "highThreshold": 0.1, "lowThreshold": 0.3,
              "ground": { "fx": 1000, "fy": 1000, "cx": 640, "cy": 360, "imageWidth": 1280, "imageHeight": 720, "heightM": 1.5, "pitchDeg": -50 } }
            """);
        Assert.Equal(["cameras[0].tracker.highThreshold", "cameras[0].tracker.ground.pitchDeg"], errors.Select(e => e.Path));
        Assert.Contains("horizon below the 1280x720 image", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadTrackerFile_RootFieldsAndSyntaxErrors_AreNamed()
    {
        using var dir = new TempDirectory();
        string good = dir.File("tracker.json"), bad = dir.File("bad.json"), broken = dir.File("broken.json");
        File.WriteAllText(good, "// tracker for the rear camera\n{ \"bufferSeconds\": 0.5, }");
        File.WriteAllText(bad, "{ \"horizons\": [20] }");
        File.WriteAllText(broken, "{\n  \"bufferSeconds\": 0.5\n  \"horizons\": [1]\n}");
        Assert.Equal(0.5, ConfigReader.ReadTrackerFile(good, out List<ConfigError> errors)!.BufferSeconds);
        Assert.Empty(errors);
        Assert.Null(ConfigReader.ReadTrackerFile(bad, out errors));
        Assert.Equal("horizons[0]", Assert.Single(errors).Path);
        Assert.Null(ConfigReader.ReadTrackerFile(broken, out errors));
        Assert.Contains("line 3", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
