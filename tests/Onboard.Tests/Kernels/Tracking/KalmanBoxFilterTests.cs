using Onboard.Kernels.Tracking;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>
/// The Kalman filter against values worked out by hand (ByteTrack's weights: σ = size/20 for positions, size/160 per
/// frame for velocities, T0 = 1/30 s) and against a plain dense implementation of the same equations.
/// </summary>
public sealed class KalmanBoxFilterTests
{
    private const double T0 = 1.0 / 30;

    // A 20 × 40 box centred at (100, 50): (cx, cy, w, h) = (100, 50, 20, 40).
    private static readonly double[] s_box = [100, 50, 20, 40];

    [Fact]
    public void Initiate_WidthHeight_HasBotSortDeviationsPerSecond()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        Assert.Equal(s_box, mean[..4]);
        Assert.All(mean[4..], v => Assert.Equal(0, v));
        // Positions: 2·w/20 = 2 and 2·h/20 = 4 px; velocities: 10·w/160 = 1.25 px/frame = 37.5 px/s, 10·h/160·30 = 75 px/s.
        double[] variances = [4, 16, 4, 16, 37.5 * 37.5, 75 * 75, 37.5 * 37.5, 75 * 75];
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(variances[k], cov[k * 9], 9);
        }
        Assert.Equal(0, cov[1]);
    }

    [Fact]
    public void Initiate_AspectHeight_HasByteTrackDeviationsPerSecond()
    {
        double[] z = [100, 50, 0.5, 40];
        var mean = new double[8];
        var cov = new double[64];
        KalmanBoxFilter.Initiate(MotionModel.CenterAspectHeight, z, mean, cov);
        // Everything scales with h = 40 except the aspect ratio: 1e-2 and 1e-5 per frame (3e-4 per second).
        double[] variances = [16, 16, 1e-4, 16, 75 * 75, 75 * 75, 3e-4 * 3e-4, 75 * 75];
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(variances[k], cov[k * 9], 12);
        }
    }

    [Fact]
    public void Predict_OneReferencePeriod_AddsByteTrackNoiseToTheMovedState()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        mean[4] = 30;   // 30 px/s → 1 px in a frame
        KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, mean, cov, T0, holdSize: false, mean, cov);
        Assert.Equal(101, mean[0], 12);
        // Var(cx) = 4 + T0²·37.5² (velocity carried into position) + qp·T0 + qv·T0³/3, where for w = 20:
        // qp = (20/20)²/T0 = 30 px²/s → 1 px² per frame (ByteTrack's position noise), and
        // qv = (20/160/T0)²/T0 = 3.75²·30 = 421.875 px²/s³ → 0.00520833 px² per frame.
        Assert.Equal(4 + 1.5625 + 1 + 421.875 * T0 * T0 * T0 / 3, cov[0], 9);
        // Cov(cx, vx) = T0·37.5² + qv·T0²/2 = 46.875 + 0.234375; Var(vx) = 37.5² + qv·T0 = 1406.25 + 14.0625.
        Assert.Equal(46.875 + 0.234375, cov[4], 9);
        Assert.Equal(cov[4], cov[32]);
        Assert.Equal(1406.25 + 14.0625, cov[36], 9);
        // h = 40: qv·T0 = (40/160/T0)²·T0 = 56.25 (ByteTrack's velocity noise (h/160)² per frame, in px/s).
        Assert.Equal(75 * 75 + 56.25, cov[5 * 9], 9);
    }

    [Fact]
    public void Predict_TwiceForDt_EqualsOnceForTwiceDt()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        mean[4] = 40;
        mean[5] = -25;
        double[] m1 = (double[])mean.Clone(), p1 = (double[])cov.Clone();
        KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, m1, p1, 0.05, false, m1, p1);
        KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, m1, p1, 0.05, false, m1, p1);
        double[] m2 = (double[])mean.Clone(), p2 = (double[])cov.Clone();
        KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, m2, p2, 0.1, false, m2, p2);
        // The exact discretisation composes: the noise depends on the interval, not on how often it is predicted.
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(m2[i], m1[i], 9);
        }
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(p2[i], p1[i], 9);
        }
    }

    [Fact]
    public void Predict_NoiseGrowsWithTheRealInterval()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        double Added(double dt)
        {
            var m = (double[])mean.Clone();
            var p = (double[])cov.Clone();
            KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, m, p, dt, false, m, p);
            return p[36] - cov[36];
        }
        // Velocity variance gains qv·dt: a 100 ms gap (three dropped frames) adds three times a frame's.
        Assert.Equal(3 * Added(T0), Added(0.1), 9);
        Assert.Equal(0, Added(0), 12);
    }

    [Fact]
    public void Predict_HoldSize_ZeroesTheSizeVelocities()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        mean[4] = 30;
        mean[6] = 10;
        mean[7] = 20;
        var m = new double[8];
        var p = new double[64];
        KalmanBoxFilter.Predict(MotionModel.CenterWidthHeight, mean, cov, 0.5, holdSize: true, m, p);
        Assert.Equal(115, m[0], 9);
        Assert.Equal(20, m[2], 9);
        Assert.Equal(40, m[3], 9);
        Assert.Equal(0, m[6]);
        Assert.Equal(0, m[7]);
    }

    [Fact]
    public void Update_FromFreshState_IsTheScalarGainPerCoordinate()
    {
        var (mean, cov) = Start(MotionModel.CenterWidthHeight);
        // Fresh state: P diagonal, R = diag((w/20)², (h/20)², …) = diag(1, 4, 1, 4): each coordinate on its own,
        // x += P/(P + R)·(z − x), P ← P·R/(P + R). cx: 4/(4 + 1) = 0.8 of a 10 px innovation.
        double[] z = [110, 50, 20, 40];
        Assert.True(KalmanBoxFilter.Update(MotionModel.CenterWidthHeight, mean, cov, z));
        Assert.Equal(108, mean[0], 9);
        Assert.Equal(0.8, cov[0], 9);
        Assert.Equal(16.0 * 4 / 20, cov[9], 9);
        // No covariance yet links position and velocity, so the velocity learns nothing from one measurement.
        Assert.Equal(0, mean[4], 12);
        Assert.Equal(37.5 * 37.5, cov[36], 9);
    }

    [Theory]
    [InlineData(MotionModel.CenterWidthHeight)]
    [InlineData(MotionModel.CenterAspectHeight)]
    public void PredictAndUpdate_AfterMotion_EqualTheDenseEquations(MotionModel model)
    {
        var (mean, cov) = Start(model);
        var reference = new DenseKalman(model, mean, cov);
        var random = new Random(7);
        for (int step = 0; step < 25; step++)
        {
            double dt = 0.01 + random.NextDouble() * 0.2;
            KalmanBoxFilter.Predict(model, mean, cov, dt, false, mean, cov);
            reference.Predict(dt);
            double[] z = [100 + 3 * step + random.NextDouble(), 50 - step + random.NextDouble(), model == MotionModel.CenterAspectHeight ? 0.5 + 0.01 * random.NextDouble() : 20 + random.NextDouble(), 40 + random.NextDouble()];
            Assert.True(KalmanBoxFilter.Update(model, mean, cov, z));
            reference.Update(z);
        }
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(reference.Mean[i], mean[i], 6);
        }
        for (int i = 0; i < 64; i++)
        {
            Assert.Equal(reference.Covariance[i], cov[i], 5);
        }
    }

    private static (double[] Mean, double[] Covariance) Start(MotionModel model)
    {
        var mean = new double[8];
        var cov = new double[64];
        double[] z = model == MotionModel.CenterAspectHeight ? [100, 50, 0.5, 40] : s_box;
        KalmanBoxFilter.Initiate(model, z, mean, cov);
        return (mean, cov);
    }
}
