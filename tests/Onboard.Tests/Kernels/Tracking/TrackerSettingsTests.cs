using Onboard.Kernels.Tracking;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Settings validation names each bad field as the config does.</summary>
public sealed class TrackerSettingsTests
{
    [Fact]
    public void Defaults_AreUltralyticsByteTrackWithTheBufferInSeconds()
    {
        var s = new TrackerSettings();
        Assert.Equal((0.25, 0.1, 0.25, 0.8, true), (s.HighThreshold, s.LowThreshold, s.NewTrackThreshold, s.MatchThreshold, s.FuseScore));
        Assert.Equal(1.0, s.BufferSeconds);
        Assert.Equal([0.5, 1, 2, 3], s.Horizons);
        Assert.Equal(30, s.HistoryLength);
        Assert.Empty(s.Validate());
    }

    [Fact]
    public void Validate_BadFields_AreEachNamed()
    {
        var s = new TrackerSettings
        {
            HighThreshold = 1.5,
            LowThreshold = -0.1,
            MatchThreshold = double.NaN,
            BufferSeconds = -1,
            Horizons = [0.5, 0, 12],
            HistoryLength = -2,
            MaxTracks = 0,
            Ground = GroundProjectorTests.ForwardCamera(0) with { Fx = 0 },
        };
        string[] fields = [.. s.Validate().Select(e => e.Field)];
        Assert.Equal(["highThreshold", "lowThreshold", "matchThreshold", "bufferSeconds", "horizons[1]", "horizons[2]", "historyLength", "maxTracks", "ground.fx"], fields);
    }

    [Fact]
    public void Validate_HighBelowLow_IsAnError()
    {
        SettingError e = Assert.Single(new TrackerSettings { HighThreshold = 0.2, LowThreshold = 0.3 }.Validate());
        Assert.Equal("highThreshold", e.Field);
        Assert.Contains("at least lowThreshold (0.3)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadSettings_ThrowsListingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ByteTracker(new TrackerSettings { BufferSeconds = -1 }));
        Assert.Contains("bufferSeconds", e.Message, StringComparison.Ordinal);
    }
}
