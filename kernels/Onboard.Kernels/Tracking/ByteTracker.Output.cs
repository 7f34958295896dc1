namespace Onboard.Kernels.Tracking;

/// <summary>The frame's result: snapshots of the live tracks, trajectories of the confirmed ones, ground values.</summary>
public sealed partial class ByteTracker
{
    private readonly TrackSnapshot[] _snapshots;
    private readonly TrajectoryPoint[] _trajectories;
    private readonly int[] _trajectoryCounts;
    private readonly int[] _snapshotSlots;
    private int _snapshotCount;

    internal ReadOnlySpan<TrackSnapshot> Snapshots => _snapshots.AsSpan(0, _snapshotCount);

    internal ReadOnlySpan<TrajectoryPoint> TrajectoryOf(int index)
    {
        if ((uint)index >= (uint)_snapshotCount)
        {
            Postprocess.ThrowHelper.ThrowOutOfRange(nameof(index), index, "no such track in this frame");
        }
        return _trajectories.AsSpan(index * _horizons.Length, _trajectoryCounts[index]);
    }

    internal ReadOnlySpan<HistoryPoint> HistoryOf(int index)
    {
        if ((uint)index >= (uint)_snapshotCount)
        {
            Postprocess.ThrowHelper.ThrowOutOfRange(nameof(index), index, "no such track in this frame");
        }
        ref readonly TrackSlot t = ref _slots[_snapshotSlots[index]];
        int n = _historyLength;
        if (t.HistoryCount == 0)
        {
            return [];
        }
        // The newest point is at HistoryLast + n in the doubled ring; the count before it, oldest first.
        return _history.AsSpan(_snapshotSlots[index] * 2 * n + t.HistoryLast + n - t.HistoryCount + 1, t.HistoryCount);
    }

    private void BuildOutput(long captureNs)
    {
        Span<double> qp = stackalloc double[4];
        Span<double> qv = stackalloc double[4];
        _snapshotCount = 0;
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            ref readonly TrackSlot t = ref _slots[s];
            int i = _snapshotCount++;
            _snapshotSlots[i] = s;
            ReadOnlySpan<double> m = _nowMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize);
            ReadOnlySpan<double> p = _nowCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize);
            ref TrackSnapshot o = ref _snapshots[i];
            o.Id = t.Id;
            o.ClassId = t.ClassId;
            o.Score = t.Score;
            o.Box = t.Box;
            o.State = t.State;
            o.AgeSeconds = (captureNs - t.StartNs) * 1e-9;
            o.Hits = t.Hits;
            o.TimeSinceUpdateSeconds = (captureNs - t.UpdateNs) * 1e-9;
            o.VelocityX = (float)m[4];
            o.VelocityY = (float)m[5];
            o.ClassFlips = t.ClassFlips;
            o.Ground = default;
            o.GroundVelocityX = o.GroundVelocityY = 0;
            if (_ground is not null)
            {
                // Bottom centre (u, v) = (cx, cy + h/2): Var(u) = P00, Cov(u, v) = P01 + P03/2, Var(v) = P11 + P13 + P33/4.
                o.Ground = Ground(m[0], m[1] + 0.5 * m[3], p[0], p[1] + 0.5 * p[3], p[9] + p[11] + 0.25 * p[27],
                    m[4], m[5] + 0.5 * m[7], out o.GroundVelocityX, out o.GroundVelocityY);
            }
            int points = 0;
            if (t.State == TrackState.Confirmed)
            {
                KalmanBoxFilter.SpectralDensities(_model, m, qp, qv);
                Span<TrajectoryPoint> trajectory = _trajectories.AsSpan(i * _horizons.Length, _horizons.Length);
                for (int h = 0; h < _horizons.Length; h++)
                {
                    double tau = _horizons[h];
                    ref TrajectoryPoint q = ref trajectory[h];
                    q.Seconds = (float)tau;
                    q.X = (float)(m[0] + tau * m[4]);
                    q.Y = (float)(m[1] + tau * m[5]);
                    double pxx = Ahead(p, qp, qv, tau, 0, 0), pxy = Ahead(p, qp, qv, tau, 0, 1), pyy = Ahead(p, qp, qv, tau, 1, 1);
                    q.Sxx = (float)pxx;
                    q.Sxy = (float)pxy;
                    q.Syy = (float)pyy;
                    q.Ground = default;
                    if (_ground is not null)
                    {
                        double ph = m[3] + tau * m[7];
                        q.Ground = Ground(m[0] + tau * m[4], m[1] + tau * m[5] + 0.5 * ph, pxx, pxy + 0.5 * Ahead(p, qp, qv, tau, 0, 3),
                            pyy + Ahead(p, qp, qv, tau, 1, 3) + 0.25 * Ahead(p, qp, qv, tau, 3, 3), 0, 0, out _, out _);
                    }
                }
                points = _horizons.Length;
            }
            _trajectoryCounts[i] = points;
        }
    }

    /// <summary>
    /// Entry (a, b) of the covariance τ seconds ahead, a and b among the box states 0–3, without predicting the whole
    /// state: with P = [[A, B], [Bᵀ, C]], F·P·Fᵀ + Q has A + τ·(B + Bᵀ) + τ²·C + Q in its box block, Q diagonal there
    /// (qp·τ + qv·τ³/3) — the same numbers <see cref="KalmanBoxFilter.Predict"/> gives.
    /// </summary>
    private static double Ahead(ReadOnlySpan<double> p, ReadOnlySpan<double> qp, ReadOnlySpan<double> qv, double tau, int a, int b)
    {
        double v = p[a * 8 + b] + tau * (p[a * 8 + 4 + b] + p[(4 + a) * 8 + b]) + tau * tau * p[(4 + a) * 8 + 4 + b];
        return a == b ? v + qp[a] * tau + qv[a] * tau * tau * tau / 3 : v;
    }

    /// <summary>
    /// A bottom-centre point (u, v) with covariance Σuv on the road: position, covariance J·Σuv·Jᵀ and velocity
    /// J·(u̇, v̇), with J = ∂(x, y)/∂(u, v) at the point.
    /// </summary>
    private GroundPoint Ground(double u, double v, double suu, double suv, double svv, double du, double dv, out float vx, out float vy)
    {
        Span<double> j = stackalloc double[4];
        if (!_ground!.TryProject(u, v, out double x, out double y, j))
        {
            vx = vy = float.NaN;
            return GroundPoint.Invalid;
        }
        double a = j[0], b = j[1], c = j[2], d = j[3];
        double sxx = a * a * suu + 2 * a * b * suv + b * b * svv;
        double sxy = a * c * suu + (a * d + b * c) * suv + b * d * svv;
        double syy = c * c * suu + 2 * c * d * suv + d * d * svv;
        vx = (float)(a * du + b * dv);
        vy = (float)(c * du + d * dv);
        return new GroundPoint { Valid = true, X = (float)x, Y = (float)y, Sxx = (float)sxx, Sxy = (float)sxy, Syy = (float)syy };
    }
}
