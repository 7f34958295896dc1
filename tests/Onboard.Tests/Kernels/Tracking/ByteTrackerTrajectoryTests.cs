using Onboard.Kernels.Tracking;
using static Onboard.Tests.Kernels.Tracking.TrackScript;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Trajectories (horizons, covariance), velocity in px/s, history tails and the ground-plane values of tracks.</summary>
public sealed class ByteTrackerTrajectoryTests
{
    [Fact]
    public void Trajectory_ConstantVelocity_PredictsPositionsAtEachHorizonWithGrowingCovariance()
    {
        var tracker = new ByteTracker(new TrackerSettings { Horizons = [0.5, 1, 2, 3] });
        TrackerFrame frame = default;
        for (int f = 0; f < 90; f++)
        {
            // 6 px per frame right, 3 px per frame down: 180 and 90 px/s.
            frame = tracker.Step(Frame(f), [Box(100 + 6 * f, 50 + 3 * f, 40, 40)]);
        }
        TrackSnapshot t = frame.Tracks[0];
        Assert.Equal(180, t.VelocityX, 1.0);
        Assert.Equal(90, t.VelocityY, 1.0);
        TrajectoryPoint[] path = frame.Trajectory(0).ToArray();
        Assert.Equal([0.5f, 1f, 2f, 3f], path.Select(p => p.Seconds));
        for (int k = 0; k < path.Length; k++)
        {
            Assert.Equal(t.Box.CenterX + t.VelocityX * path[k].Seconds, path[k].X, 1);
            Assert.Equal(t.Box.CenterY + t.VelocityY * path[k].Seconds, path[k].Y, 1);
            Assert.True(path[k].Sxx > 0 && path[k].Syy > 0 && path[k].Sxy * path[k].Sxy < path[k].Sxx * path[k].Syy, "a covariance");
            if (k > 0)
            {
                Assert.True(path[k].Sxx > path[k - 1].Sxx && path[k].Syy > path[k - 1].Syy, "uncertainty grows with the horizon");
            }
        }
        Assert.False(path[0].Ground.Valid);
    }

    [Theory]
    [InlineData(MotionModel.CenterWidthHeight)]
    [InlineData(MotionModel.CenterAspectHeight)]
    public void Trajectory_NewTrack_IsTheFilterPredictedToEachHorizon(MotionModel model)
    {
        // A track confirmed in the tracker's first frame holds Initiate's state: its trajectory must be that state
        // predicted τ ahead by the filter itself (the trajectory's closed form only skips the unused entries).
        var tracker = new ByteTracker(new TrackerSettings { MotionModel = model, Horizons = [0.25, 1.5, 7] });
        TrackerFrame frame = tracker.Step(0, [Box(300, 200, 60, 90)]);
        var z = new double[4];
        KalmanBoxFilter.Measure(model, 300, 200, 360, 290, z);
        var mean = new double[8];
        var cov = new double[64];
        KalmanBoxFilter.Initiate(model, z, mean, cov);
        TrajectoryPoint[] path = frame.Trajectory(0).ToArray();
        foreach (TrajectoryPoint p in path)
        {
            var m = new double[8];
            var c = new double[64];
            KalmanBoxFilter.Predict(model, mean, cov, p.Seconds, holdSize: false, m, c);
            Assert.Equal((float)m[0], p.X);
            Assert.Equal((float)c[0], p.Sxx, p.Sxx * 1e-6);
            Assert.Equal((float)c[1], p.Sxy, 1e-6);
            Assert.Equal((float)c[9], p.Syy, p.Syy * 1e-6);
        }
    }

    [Fact]
    public void History_KeepsTheLastNObservedCentresOldestFirst()
    {
        var tracker = new ByteTracker(new TrackerSettings { HistoryLength = 5 });
        TrackerFrame frame = default;
        for (int f = 0; f < 3; f++)
        {
            frame = tracker.Step(Frame(f), [Box(10 * f, 0, 20, 20)]);
        }
        Assert.Equal([10f, 20f, 30f], frame.History(0).ToArray().Select(p => p.X));
        for (int f = 3; f < 12; f++)
        {
            frame = tracker.Step(Frame(f), f == 9 ? [] : [Box(10 * f, 0, 20, 20)]);
        }
        // Frame 9 had no detection: history holds observations, not predictions.
        HistoryPoint[] history = frame.History(0).ToArray();
        Assert.Equal([70f, 80f, 90f, 110f, 120f], history.Select(p => p.X));
        Assert.Equal([Frame(7), Frame(8), Frame(10), Frame(11)], history.Skip(1).Select(p => p.CaptureNs));
        Assert.Empty(new ByteTracker(new TrackerSettings { HistoryLength = 0 }).Step(0, [Box(0, 0, 5, 5)]).History(0).ToArray());
    }

    [Fact]
    public void Ground_TrackOnTheRoad_HasTheProjectedBottomCentreAndItsMotion()
    {
        GroundCamera camera = GroundProjectorTests.ForwardCamera(pitchDeg: 0);
        var tracker = new ByteTracker(new TrackerSettings { Ground = camera });
        var projector = new GroundProjector(camera);
        TrackerFrame frame = default;
        for (int f = 0; f < 60; f++)
        {
            // An object coming closer: its bottom edge moves down the image 1 px per frame from row 420.
            frame = tracker.Step(Frame(f), [Box(600, 380 + f, 80, 40)]);
        }
        TrackSnapshot t = frame.Tracks[0];
        Span<double> j = stackalloc double[4];
        Assert.True(projector.TryProject(t.Box.CenterX, t.Box.Y2, out double x, out double y, j));
        Assert.True(t.Ground.Valid);
        Assert.Equal(x, t.Ground.X, 2);
        Assert.Equal(y, t.Ground.Y, 2);
        // Bottom row v = 479 at H = 1.5 m, fy = 1000, cy = 360: x = 1.5·1000/119 = 12.6 m, closing at
        // dx/dv·30 px/s = −(1500/119²)·30 = −3.18 m/s.
        Assert.Equal(1500.0 / (479 - 360), t.Ground.X, 0.05);
        Assert.Equal(-1500.0 / (119.0 * 119.0) * 30, t.GroundVelocityX, 0.05);
        Assert.True(t.Ground.Sxx > 0 && t.Ground.Syy > 0);
        TrajectoryPoint[] path = frame.Trajectory(0).ToArray();
        Assert.All(path, p => Assert.True(p.Ground.Valid));
        Assert.True(path[^1].Ground.X < path[0].Ground.X, "coming closer along the predicted path");
        Assert.True(path[^1].Ground.Sxx > path[0].Ground.Sxx);
    }

    [Fact]
    public void Ground_BoxAboveTheHorizon_IsInvalidNotANumber()
    {
        var tracker = new ByteTracker(new TrackerSettings { Ground = GroundProjectorTests.ForwardCamera(pitchDeg: 0) });
        // Bottom edge at row 300, above the horizon at row 360 (level camera): the sky, not the road.
        TrackerFrame frame = tracker.Step(Frame(0), [Box(600, 200, 50, 100)]);
        TrackSnapshot t = frame.Tracks[0];
        Assert.False(t.Ground.Valid);
        Assert.True(float.IsNaN(t.Ground.X) && float.IsNaN(t.GroundVelocityX));
        Assert.All(frame.Trajectory(0).ToArray(), p => Assert.False(p.Ground.Valid));
    }
}
