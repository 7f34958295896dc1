using Onboard.Kernels.Tracking;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Road-plane projection against geometry worked out by hand, and its Jacobian against finite differences.</summary>
public sealed class GroundProjectorTests
{
    /// <summary>A 1280 × 720 camera, fx = fy = 1000, principal point at the centre, 1.5 m above the road.</summary>
    internal static GroundCamera ForwardCamera(double pitchDeg, double rollDeg = 0, double yawDeg = 0) => new()
    {
        Fx = 1000,
        Fy = 1000,
        Cx = 640,
        Cy = 360,
        ImageWidth = 1280,
        ImageHeight = 720,
        HeightM = 1.5,
        PitchDeg = pitchDeg,
        RollDeg = rollDeg,
        YawDeg = yawDeg,
    };

    [Fact]
    public void TryProject_LevelCamera_IsSimilarTriangles()
    {
        var p = new GroundProjector(ForwardCamera(0));
        // 100 px below the principal point: the ray drops 0.1 per metre forward, reaching the road at 1.5/0.1 = 15 m.
        Assert.True(p.TryProject(640, 460, out double x, out double y, []));
        Assert.Equal((15.0, 0.0), (Math.Round(x, 9), Math.Round(y, 9)));
        // 200 px right of centre: 0.2 per metre to the right, so 3 m to the right (y is left-positive).
        Assert.True(p.TryProject(840, 460, out x, out y, []));
        Assert.Equal(15, x, 9);
        Assert.Equal(-3, y, 9);
        Assert.Equal(360, p.HorizonRow(100), 9);
    }

    [Fact]
    public void TryProject_PitchedDown_CentrePixelAtHeightOverTangent()
    {
        var p = new GroundProjector(ForwardCamera(10));
        Assert.True(p.TryProject(640, 360, out double x, out double y, []));
        Assert.Equal(1.5 / Math.Tan(10 * Math.PI / 180), x, 9);
        Assert.Equal(0, y, 9);
        // The horizon rises by fy·tan(10°) = 176.3 px.
        double horizon = 360 - 1000 * Math.Tan(10 * Math.PI / 180);
        Assert.Equal(horizon, p.HorizonRow(640), 6);
        Assert.False(p.TryProject(640, horizon - 0.5, out x, out _, []));
        Assert.True(double.IsNaN(x));
        Assert.False(p.TryProject(640, horizon, out _, out _, []));
        Assert.True(p.TryProject(640, horizon + 5, out x, out _, []));
        Assert.True(x > 50);
    }

    [Fact]
    public void TryProject_YawedLeft_LooksAlongTheVehiclesLeft()
    {
        var p = new GroundProjector(ForwardCamera(0, yawDeg: 90));
        Assert.True(p.TryProject(640, 460, out double x, out double y, []));
        Assert.Equal(0, x, 9);
        Assert.Equal(15, y, 9);
    }

    [Fact]
    public void TryProject_Rolled_TiltsTheHorizon()
    {
        // Positive roll lowers the camera's right side: the road rises on the image's right, so the horizon row
        // is higher (smaller v) on the right than on the left, by tan(roll) per pixel.
        var p = new GroundProjector(ForwardCamera(0, rollDeg: 5));
        double slope = (p.HorizonRow(1000) - p.HorizonRow(200)) / 800;
        Assert.Equal(-Math.Tan(5 * Math.PI / 180), slope, 9);
    }

    [Fact]
    public void TryProject_Jacobian_MatchesFiniteDifferences()
    {
        var p = new GroundProjector(ForwardCamera(4, rollDeg: 2, yawDeg: -7));
        var j = new double[4];
        const double E = 1e-4;
        foreach ((double u, double v) in new[] { (640.0, 500.0), (100.0, 700.0), (1200.0, 420.0) })
        {
            Assert.True(p.TryProject(u, v, out _, out _, j));
            p.TryProject(u + E, v, out double xu1, out double yu1, []);
            p.TryProject(u - E, v, out double xu0, out double yu0, []);
            p.TryProject(u, v + E, out double xv1, out double yv1, []);
            p.TryProject(u, v - E, out double xv0, out double yv0, []);
            double[] numeric = [(xu1 - xu0) / (2 * E), (xv1 - xv0) / (2 * E), (yu1 - yu0) / (2 * E), (yv1 - yv0) / (2 * E)];
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(numeric[k], j[k], 1e-6 * Math.Max(1, Math.Abs(numeric[k])));
            }
        }
    }

    [Fact]
    public void TryProject_BeyondTheRangeLimit_IsInvalid()
    {
        var p = new GroundProjector(ForwardCamera(0) with { MaxRangeM = 100 });
        Assert.True(p.TryProject(640, 376, out double x, out _, []));   // 1.5·1000/16 = 93.75 m
        Assert.Equal(93.75, x, 9);
        Assert.False(p.TryProject(640, 374, out _, out _, []));         // 107 m
    }

    [Fact]
    public void Validate_CameraLookingUp_SaysTheHorizonIsBelowTheImage()
    {
        var errors = new List<SettingError>();
        ForwardCamera(-45).Validate("ground.", errors);
        SettingError e = Assert.Single(errors);
        Assert.Equal("ground.pitchDeg", e.Field);
        Assert.Contains("horizon below the 1280x720 image", e.Message, StringComparison.Ordinal);
        errors.Clear();
        ForwardCamera(-15).Validate("ground.", errors);
        Assert.Empty(errors);   // tilted up 15°: the horizon is at row 628, the bottom rows still see the road
    }
}
