using Onboard.Kernels.Tracking;
using static Onboard.Tests.Kernels.Tracking.TrackScript;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>Ego-motion compensation: the per-frame affine moves the tracks' states (mean and covariance) before association.</summary>
public sealed class ByteTrackerEgoMotionTests
{
    [Fact]
    public void Step_CameraPansFasterThanBoxesOverlap_CompensationKeepsTheIds()
    {
        // The camera pans: every static object moves 45 px left per frame on 40 px boxes, so consecutive boxes do
        // not overlap and plain association loses each track every frame (new ids). The odometry's affine
        // (a translation here) moves the tracks with the image, and the ids stay.
        int Ids(bool compensate)
        {
            var tracker = new ByteTracker(new TrackerSettings());
            var ids = new HashSet<ulong>();
            for (int f = 0; f < 12; f++)
            {
                float shift = -45 * f;
                var motion = compensate && f > 0 ? EgoMotion.Translation(-45, 0) : EgoMotion.Identity;
                TrackerFrame frame = tracker.Step(Frame(f), [Box(800 + shift, 100, 40, 40), Box(900 + shift, 300, 40, 40)], motion);
                foreach (TrackSnapshot t in frame.Tracks)
                {
                    ids.Add(t.Id);
                }
            }
            return ids.Count;
        }
        Assert.Equal(2, Ids(compensate: true));
        Assert.True(Ids(compensate: false) >= 12);
    }

    [Theory]
    [InlineData(MotionModel.CenterWidthHeight)]
    [InlineData(MotionModel.CenterAspectHeight)]
    public void Step_Zoom_MapsMeanAndCovarianceExactly(MotionModel model)
    {
        // Driving at a point, the image zooms about it. ByteTrack's noise is proportional to the box size, so a
        // tracker fed the zoomed scene from frame 5 on, with the zoom as its ego-motion at frame 5, must hold exactly
        // the zoomed state of a tracker fed the original scene: positions s·(p − c) + c, velocities s·v, covariances s²·P.
        const double S = 1.08, Cx = 640, Cy = 360;
        var settings = new TrackerSettings { MotionModel = model };
        var plain = new ByteTracker(settings);
        var zoomed = new ByteTracker(settings);
        TrackerFrame a = default, b = default;
        for (int f = 0; f < 12; f++)
        {
            float x = 500 + 3 * f, y = 300 - f;
            a = plain.Step(Frame(f), [Box(x, y, 40, 80)]);
            if (f < 5)
            {
                b = zoomed.Step(Frame(f), [Box(x, y, 40, 80)]);
            }
            else
            {
                float zx = (float)(Cx + S * (x - Cx)), zy = (float)(Cy + S * (y - Cy));
                b = zoomed.Step(Frame(f), [Box(zx, zy, (float)(S * 40), (float)(S * 80))], f == 5 ? EgoMotion.ScaleAbout(S, Cx, Cy) : EgoMotion.Identity);
            }
        }
        TrackSnapshot ta = a.Tracks[0], tb = b.Tracks[0];
        Assert.Equal(S * ta.VelocityX, tb.VelocityX, 3);
        Assert.Equal(S * ta.VelocityY, tb.VelocityY, 3);
        TrajectoryPoint[] pa = a.Trajectory(0).ToArray(), pb = b.Trajectory(0).ToArray();
        for (int k = 0; k < pa.Length; k++)
        {
            Assert.Equal(Cx + S * (pa[k].X - Cx), pb[k].X, 2);
            Assert.Equal(Cy + S * (pa[k].Y - Cy), pb[k].Y, 2);
            Assert.Equal(S * S * pa[k].Sxx, pb[k].Sxx, pa[k].Sxx * 1e-4);
            Assert.Equal(S * S * pa[k].Syy, pb[k].Syy, pa[k].Syy * 1e-4);
            Assert.Equal(S * S * pa[k].Sxy, pb[k].Sxy, Math.Abs(pa[k].Sxy) * 1e-3 + 1e-4);
        }
    }

    [Fact]
    public void Step_NonFiniteEgoMotion_Throws()
    {
        var tracker = new ByteTracker(new TrackerSettings());
        Assert.Throws<ArgumentException>(() => tracker.Step(0, [], new EgoMotion(double.NaN, 0, 0, 0, 1, 0)));
    }
}
