using Onboard.Kernels.Tracking;

namespace Onboard.Tests.Kernels.Tracking;

/// <summary>
/// The filter's equations written out with full 8×8 matrices and a general inverse — F·P·Fᵀ + Q, K = P·Hᵀ·S⁻¹ —
/// the reference the blockwise implementation is held to. Noise as in the README: per state pair
/// Q = [[qp·dt + qv·dt³/3, qv·dt²/2], [qv·dt²/2, qv·dt]], from the size before the prediction.
/// </summary>
internal sealed class DenseKalman(MotionModel model, double[] mean, double[] covariance)
{
    private const double T0 = 1.0 / 30;

    public double[] Mean { get; } = (double[])mean.Clone();
    public double[] Covariance { get; private set; } = (double[])covariance.Clone();

    public void Predict(double dt)
    {
        var f = Identity(8);
        for (int k = 0; k < 4; k++)
        {
            f[k * 8 + 4 + k] = dt;
        }
        var q = new double[64];
        for (int k = 0; k < 4; k++)
        {
            (double sp, double sv) = model == MotionModel.CenterAspectHeight && k == 2
                ? (1e-2, 1e-5)
                : (Size(k) / 20, Size(k) / 160);
            double qp = sp * sp / T0, qv = sv / T0 * (sv / T0) / T0;
            q[k * 9] = qp * dt + qv * dt * dt * dt / 3;
            q[k * 8 + 4 + k] = q[(4 + k) * 8 + k] = qv * dt * dt / 2;
            q[(4 + k) * 9] = qv * dt;
        }
        double[] m = Multiply(f, Mean, 8, 8, 1);
        m.CopyTo(Mean, 0);
        Covariance = Add(Multiply(Multiply(f, Covariance, 8, 8, 8), Transpose(f, 8, 8), 8, 8, 8), q);
    }

    public void Update(double[] z)
    {
        var h = new double[32];
        for (int k = 0; k < 4; k++)
        {
            h[k * 8 + k] = 1;
        }
        var r = new double[16];
        for (int k = 0; k < 4; k++)
        {
            double s = model == MotionModel.CenterAspectHeight && k == 2 ? 1e-1 : Size(k) / 20;
            r[k * 5] = s * s;
        }
        double[] ht = Transpose(h, 4, 8);
        double[] pht = Multiply(Covariance, ht, 8, 8, 4);
        double[] s4 = Add(Multiply(h, pht, 4, 8, 4), r);
        double[] k8 = Multiply(pht, Inverse(s4, 4), 8, 4, 4);
        var y = new double[4];
        for (int i = 0; i < 4; i++)
        {
            y[i] = z[i] - Mean[i];
        }
        double[] dx = Multiply(k8, y, 8, 4, 1);
        for (int i = 0; i < 8; i++)
        {
            Mean[i] += dx[i];
        }
        double[] kskt = Multiply(Multiply(k8, s4, 8, 4, 4), Transpose(k8, 8, 4), 8, 4, 8);
        for (int i = 0; i < 64; i++)
        {
            Covariance[i] -= kskt[i];
        }
    }

    private double Size(int k) => Math.Abs(model == MotionModel.CenterWidthHeight && k % 2 == 0 ? Mean[2] : Mean[3]);

    private static double[] Identity(int n)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            a[i * n + i] = 1;
        }
        return a;
    }

    private static double[] Multiply(double[] a, double[] b, int n, int m, int p)
    {
        var c = new double[n * p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int k = 0; k < m; k++)
                {
                    s += a[i * m + k] * b[k * p + j];
                }
                c[i * p + j] = s;
            }
        }
        return c;
    }

    private static double[] Transpose(double[] a, int n, int m)
    {
        var t = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                t[j * n + i] = a[i * m + j];
            }
        }
        return t;
    }

    private static double[] Add(double[] a, double[] b) => [.. a.Select((v, i) => v + b[i])];

    /// <summary>Gauss–Jordan with partial pivoting.</summary>
    private static double[] Inverse(double[] a, int n)
    {
        var m = (double[])a.Clone();
        double[] inv = Identity(n);
        for (int c = 0; c < n; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < n; r++)
            {
                if (Math.Abs(m[r * n + c]) > Math.Abs(m[pivot * n + c]))
                {
                    pivot = r;
                }
            }
            for (int j = 0; j < n; j++)
            {
                (m[c * n + j], m[pivot * n + j]) = (m[pivot * n + j], m[c * n + j]);
                (inv[c * n + j], inv[pivot * n + j]) = (inv[pivot * n + j], inv[c * n + j]);
            }
            double d = m[c * n + c];
            for (int j = 0; j < n; j++)
            {
                m[c * n + j] /= d;
                inv[c * n + j] /= d;
            }
            for (int r = 0; r < n; r++)
            {
                if (r != c)
                {
                    double f = m[r * n + c];
                    for (int j = 0; j < n; j++)
                    {
                        m[r * n + j] -= f * m[c * n + j];
                        inv[r * n + j] -= f * inv[c * n + j];
                    }
                }
            }
        }
        return inv;
    }
}
