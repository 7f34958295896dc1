using System.Runtime.CompilerServices;

namespace Onboard.Kernels.Tracking;

/// <summary>
/// The 8-state constant-velocity Kalman filter of ByteTrack / BoT-SORT over one box, on spans: a mean of 8
/// (cx, cy, s, h and their velocities per second; s is w or w/h by <see cref="MotionModel"/>) and an 8×8
/// row-major covariance. Noise is ByteTrack's: standard deviations proportional to the box size, with its
/// weights (1/20 position, 1/160 velocity) read as white-noise spectral densities so that a prediction over any
/// interval dt is the exact discretisation of one continuous model (README, "Process noise"):
/// <code>Q(dt) per state k = [[qp·dt + qv·dt³/3, qv·dt²/2], [qv·dt²/2, qv·dt]],  qp = σp²/T0,  qv = (σv/T0)²/T0</code>
/// with σp, σv ByteTrack's per-frame deviations and T0 = 1/30 s the frame period they were tuned at; at dt = T0
/// it is ByteTrack's noise, and predicting 2·dt at once equals predicting dt twice.
/// </summary>
public static class KalmanBoxFilter
{
    public const int StateSize = 8;
    public const int CovarianceSize = 64;

    /// <summary>The frame period ByteTrack's noise weights were tuned at (MOT17, 30 fps).</summary>
    public const double ReferencePeriod = 1.0 / 30;

    private const double PositionWeight = 1.0 / 20;
    private const double VelocityWeight = 1.0 / 160;

    // ByteTrack's fixed deviations of the aspect ratio (it is not a size, so not scaled by one).
    private const double AspectInitPosition = 1e-2, AspectInitVelocity = 1e-5;
    private const double AspectProcessPosition = 1e-2, AspectProcessVelocity = 1e-5;
    private const double AspectMeasurement = 1e-1;

    /// <summary>A track's first state from its first measurement <c>(cx, cy, s, h)</c>: velocities 0, ByteTrack's initial deviations.</summary>
    public static void Initiate(MotionModel model, ReadOnlySpan<double> measurement, Span<double> mean, Span<double> covariance)
    {
        CheckSizes(mean, covariance);
        covariance.Clear();
        for (int k = 0; k < 4; k++)
        {
            mean[k] = measurement[k];
            mean[4 + k] = 0;
            double sp, sv;
            if (model == MotionModel.CenterAspectHeight && k == 2)
            {
                sp = AspectInitPosition;
                sv = AspectInitVelocity / ReferencePeriod;
            }
            else
            {
                double size = Scale(model, measurement, k);
                sp = 2 * PositionWeight * size;
                sv = 10 * VelocityWeight * size / ReferencePeriod;
            }
            covariance[k * 9] = sp * sp;
            covariance[(4 + k) * 9] = sv * sv;
        }
    }

    /// <summary>
    /// The state <paramref name="dt"/> seconds after (<paramref name="mean"/>, <paramref name="covariance"/>), into
    /// the destinations (which may be the sources). <paramref name="holdSize"/> zeroes the size velocities first, as
    /// ByteTrack (vh) and BoT-SORT (vw, vh) do for tracks that are not being tracked.
    /// </summary>
    public static void Predict(MotionModel model, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, double dt, bool holdSize,
        Span<double> predictedMean, Span<double> predictedCovariance)
    {
        CheckSizes(predictedMean, predictedCovariance);
        Span<double> qp = stackalloc double[4];
        Span<double> qv = stackalloc double[4];
        SpectralDensities(model, mean, qp, qv);
        Span<double> m = stackalloc double[StateSize];
        mean[..StateSize].CopyTo(m);
        if (holdSize)
        {
            m[7] = 0;
            if (model == MotionModel.CenterWidthHeight)
            {
                m[6] = 0;
            }
        }
        // P = [[A, B], [Bᵀ, C]] (4×4 blocks), F = [[I, dt·I], [0, I]]:
        // F·P·Fᵀ = [[A + dt·(B + Bᵀ) + dt²·C, B + dt·C], [Bᵀ + dt·C, C]].
        Span<double> p = stackalloc double[CovarianceSize];
        covariance[..CovarianceSize].CopyTo(p);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                double a = p[r * 8 + c], b = p[r * 8 + 4 + c], bt = p[(4 + r) * 8 + c], cc = p[(4 + r) * 8 + 4 + c];
                predictedCovariance[r * 8 + c] = a + dt * (b + bt) + dt * dt * cc;
                predictedCovariance[r * 8 + 4 + c] = b + dt * cc;
                predictedCovariance[(4 + r) * 8 + c] = bt + dt * cc;
                predictedCovariance[(4 + r) * 8 + 4 + c] = cc;
            }
        }
        double dt2 = dt * dt, dt3 = dt2 * dt;
        for (int k = 0; k < 4; k++)
        {
            predictedCovariance[k * 9] += qp[k] * dt + qv[k] * dt3 / 3;
            predictedCovariance[k * 8 + 4 + k] += qv[k] * dt2 / 2;
            predictedCovariance[(4 + k) * 8 + k] += qv[k] * dt2 / 2;
            predictedCovariance[(4 + k) * 9] += qv[k] * dt;
            predictedMean[k] = m[k] + dt * m[4 + k];
            predictedMean[4 + k] = m[4 + k];
        }
    }

    /// <summary>Corrects the state in place with a measurement <c>(cx, cy, s, h)</c> (ByteTrack's measurement noise,
    /// from the predicted size). Returns false, leaving the state as it was, if the innovation covariance is not positive definite.</summary>
    public static bool Update(MotionModel model, Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement)
    {
        CheckSizes(mean, covariance);
        // S = H·P·Hᵀ + R = A + R; its Cholesky factor L (lower, row-major 4×4).
        Span<double> l = stackalloc double[16];
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                l[r * 4 + c] = covariance[r * 8 + c];
            }
            double sr = MeasurementDeviation(model, mean, r);
            l[r * 5] += sr * sr;
        }
        if (!Cholesky4(l))
        {
            return false;
        }
        // K = P·Hᵀ·S⁻¹ (8×4): row i of K solves S·kᵢ = (P·Hᵀ)ᵢ = P[i, 0..3].
        Span<double> k = stackalloc double[32];
        for (int i = 0; i < StateSize; i++)
        {
            Span<double> row = k.Slice(i * 4, 4);
            for (int c = 0; c < 4; c++)
            {
                row[c] = covariance[i * 8 + c];
            }
            Solve4(l, row);
        }
        Span<double> innovation = stackalloc double[4];
        for (int c = 0; c < 4; c++)
        {
            innovation[c] = measurement[c] - mean[c];
        }
        // mean += K·y; P −= K·S·Kᵀ = K·(H·P) = K·P[0..3, :].
        Span<double> hp = stackalloc double[32];
        covariance[..32].CopyTo(hp);
        for (int i = 0; i < StateSize; i++)
        {
            double dx = 0;
            for (int c = 0; c < 4; c++)
            {
                dx += k[i * 4 + c] * innovation[c];
            }
            mean[i] += dx;
            for (int j = 0; j < StateSize; j++)
            {
                double s = 0;
                for (int c = 0; c < 4; c++)
                {
                    s += k[i * 4 + c] * hp[c * 8 + j];
                }
                covariance[i * 8 + j] -= s;
            }
        }
        // Rounding leaves P a hair off symmetric; keep it exactly symmetric so it stays a covariance.
        for (int i = 0; i < StateSize; i++)
        {
            for (int j = i + 1; j < StateSize; j++)
            {
                double s = 0.5 * (covariance[i * 8 + j] + covariance[j * 8 + i]);
                covariance[i * 8 + j] = s;
                covariance[j * 8 + i] = s;
            }
        }
        return true;
    }

    /// <summary>The measurement <c>(cx, cy, s, h)</c> of a box under <paramref name="model"/>.</summary>
    public static void Measure(MotionModel model, float x1, float y1, float x2, float y2, Span<double> measurement)
    {
        double w = x2 - x1, h = y2 - y1;
        measurement[0] = x1 + 0.5 * w;
        measurement[1] = y1 + 0.5 * h;
        measurement[2] = model == MotionModel.CenterAspectHeight ? w / h : w;
        measurement[3] = h;
    }

    /// <summary>Box width from a state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Width(MotionModel model, ReadOnlySpan<double> mean) =>
        model == MotionModel.CenterAspectHeight ? mean[2] * mean[3] : mean[2];

    /// <summary>The process noise's spectral densities per state pair (position, velocity), from the size in <paramref name="mean"/>.</summary>
    internal static void SpectralDensities(MotionModel model, ReadOnlySpan<double> mean, Span<double> qp, Span<double> qv)
    {
        for (int k = 0; k < 4; k++)
        {
            double sp, sv;
            if (model == MotionModel.CenterAspectHeight && k == 2)
            {
                sp = AspectProcessPosition;
                sv = AspectProcessVelocity;
            }
            else
            {
                double size = Scale(model, mean, k);
                sp = PositionWeight * size;
                sv = VelocityWeight * size;
            }
            qp[k] = sp * sp / ReferencePeriod;
            double perSecond = sv / ReferencePeriod;
            qv[k] = perSecond * perSecond / ReferencePeriod;
        }
    }

    private static double MeasurementDeviation(MotionModel model, ReadOnlySpan<double> mean, int k) =>
        model == MotionModel.CenterAspectHeight && k == 2 ? AspectMeasurement : PositionWeight * Scale(model, mean, k);

    /// <summary>The size a state's deviations scale with: the height (ByteTrack), or the width for x and w and the height for y and h (BoT-SORT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Scale(MotionModel model, ReadOnlySpan<double> state, int k) =>
        Math.Abs(model == MotionModel.CenterWidthHeight && (k & 1) == 0 ? state[2] : state[3]);

    /// <summary>In-place Cholesky factorisation of a 4×4 symmetric matrix (lower triangle); false if not positive definite.</summary>
    private static bool Cholesky4(Span<double> a)
    {
        for (int j = 0; j < 4; j++)
        {
            double d = a[j * 5];
            for (int k = 0; k < j; k++)
            {
                d -= a[j * 4 + k] * a[j * 4 + k];
            }
            if (!(d > 0))
            {
                return false;
            }
            d = Math.Sqrt(d);
            a[j * 5] = d;
            for (int i = j + 1; i < 4; i++)
            {
                double s = a[i * 4 + j];
                for (int k = 0; k < j; k++)
                {
                    s -= a[i * 4 + k] * a[j * 4 + k];
                }
                a[i * 4 + j] = s / d;
            }
        }
        return true;
    }

    /// <summary>Solves L·Lᵀ·x = b in place for the factor from <see cref="Cholesky4"/>.</summary>
    private static void Solve4(ReadOnlySpan<double> l, Span<double> b)
    {
        for (int i = 0; i < 4; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[i * 4 + k] * b[k];
            }
            b[i] = s / l[i * 5];
        }
        for (int i = 3; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < 4; k++)
            {
                s -= l[k * 4 + i] * b[k];
            }
            b[i] = s / l[i * 5];
        }
    }

    private static void CheckSizes(Span<double> mean, Span<double> covariance)
    {
        if (mean.Length < StateSize || covariance.Length < CovarianceSize)
        {
            Postprocess.ThrowHelper.ThrowArgument($"a state needs {StateSize} means and {CovarianceSize} covariances (got {mean.Length} and {covariance.Length})", nameof(mean));
        }
    }
}
