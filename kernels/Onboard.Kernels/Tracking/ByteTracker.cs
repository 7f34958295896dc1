using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Tracking;

/// <summary>
/// ByteTrack multi-object tracking for one camera (README in this folder): two-stage association of high- and
/// low-score detections to Kalman-predicted tracks by exact assignment, class-aware, with the Kalman noise
/// following the real time between captures, optional ego-motion compensation, predicted trajectories with
/// covariance and optional road-plane projection. All memory is allocated here; <see cref="Step(long, ReadOnlySpan{Detection})"/>
/// allocates nothing. Not thread-safe: one thread steps it and reads its frames.
/// </summary>
public sealed partial class ByteTracker
{
    private readonly TrackerSettings _settings;
    private readonly MotionModel _model;
    private readonly int _capacity;
    private readonly int _maxDetections;
    private readonly long _bufferNs;
    private readonly double[] _horizons;
    private readonly int _historyLength;
    private readonly GroundProjector? _ground;

    // Track slots. _post*: the Kalman state at the track's last update; _now*: at this frame's capture time.
    private readonly TrackSlot[] _slots;
    private readonly double[] _postMean;
    private readonly double[] _postCov;
    private readonly double[] _nowMean;
    private readonly double[] _nowCov;
    private readonly HistoryPoint[] _history;
    private readonly int[] _order;
    private readonly int[] _freeSlots;
    private int _live;
    private int _freeCount;

    private long _lastNs;
    private bool _started;
    private ulong _nextId = 1;

    public ByteTracker(TrackerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<SettingError> errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("tracker settings: " + string.Join("; ", errors), nameof(settings));
        }
        _settings = settings;
        _model = settings.MotionModel;
        _capacity = settings.MaxTracks;
        _maxDetections = settings.MaxDetections;
        _bufferNs = (long)Math.Round(settings.BufferSeconds * 1e9);
        _horizons = [.. settings.Horizons];
        _historyLength = settings.HistoryLength;
        _ground = settings.Ground is null ? null : new GroundProjector(settings.Ground);

        _slots = new TrackSlot[_capacity];
        _postMean = new double[_capacity * KalmanBoxFilter.StateSize];
        _postCov = new double[_capacity * KalmanBoxFilter.CovarianceSize];
        _nowMean = new double[_capacity * KalmanBoxFilter.StateSize];
        _nowCov = new double[_capacity * KalmanBoxFilter.CovarianceSize];
        // Each ring is written twice (at p and p + N) so its newest N points are always one contiguous span.
        _history = new HistoryPoint[_capacity * 2 * _historyLength];
        _order = new int[_capacity];
        _freeSlots = new int[_capacity];
        for (int i = 0; i < _capacity; i++)
        {
            _freeSlots[i] = _capacity - 1 - i;
        }
        _freeCount = _capacity;

        _high = new DetectionColumns(_maxDetections);
        _low = new DetectionColumns(_maxDetections);
        _lap = new LinearAssignment(Math.Max(_capacity, _maxDetections));
        _cost = new double[_capacity * _maxDetections];
        _iou = new float[_maxDetections];
        _rows = new int[_capacity];
        _rowsNext = new int[_capacity];
        _columns = new int[_maxDetections];
        _rowToColumn = new int[_capacity];
        _columnToRow = new int[_maxDetections];
        _highUsed = new bool[_maxDetections];
        _lost = new int[_capacity];

        _snapshots = new TrackSnapshot[_capacity];
        _trajectories = new TrajectoryPoint[_capacity * _horizons.Length];
        _trajectoryCounts = new int[_capacity];
        _snapshotSlots = new int[_capacity];
    }

    public TrackerSettings Settings => _settings;

    /// <summary>Frames stepped.</summary>
    public long Frames { get; private set; }

    /// <summary>Tracks started (tentative ones included) and removed, since construction.</summary>
    public long TracksCreated { get; private set; }
    public long TracksRemoved { get; private set; }

    /// <summary>New tracks not started because <see cref="TrackerSettings.MaxTracks"/> were live.</summary>
    public long TracksRefused { get; private set; }

    /// <summary>Detections beyond <see cref="TrackerSettings.MaxDetections"/> in a frame, ignored.</summary>
    public long DetectionsDropped { get; private set; }

    /// <summary>Detections with a NaN/infinite coordinate or score, or an empty box, ignored.</summary>
    public long DetectionsInvalid { get; private set; }

    /// <summary>Live tracks: tentative, confirmed and lost.</summary>
    public int LiveTracks => _live;

    /// <summary>Tracks one frame of detections captured at <paramref name="captureNs"/> (monotonic, not before the previous frame's).</summary>
    public TrackerFrame Step(long captureNs, scoped ReadOnlySpan<Detection> detections) => Step(captureNs, detections, EgoMotion.Identity);

    /// <summary>Tracks one frame, first moving every track by <paramref name="motion"/> (the image motion since the previous frame tracked).</summary>
    public TrackerFrame Step(long captureNs, scoped ReadOnlySpan<Detection> detections, scoped in EgoMotion motion)
    {
        if (_started && captureNs < _lastNs)
        {
            ThrowHelper.ThrowOutOfRange(nameof(captureNs), captureNs, "capture time went back");
        }
        if (!motion.IsFinite)
        {
            ThrowHelper.ThrowArgument("the ego-motion has a NaN or infinite coefficient", nameof(motion));
        }
        // ByteTrack confirms the tracks of its very first frame at once (nothing could confirm them earlier).
        bool firstFrame = !_started;
        _started = true;
        _lastNs = captureNs;
        Frames++;

        LoadDetections(detections);
        if (!motion.IsIdentity)
        {
            Compensate(motion);
        }
        PredictLive(captureNs);
        Compact();
        AssociateHigh(captureNs);
        AssociateLow(captureNs);
        AssociateTentative(captureNs);
        // Free the slots of the removed tentative tracks before new ones take slots.
        Compact();
        StartTracks(captureNs, firstFrame);
        RemoveDuplicates();
        Compact();
        BuildOutput(captureNs);
        return new TrackerFrame(this, captureNs);
    }

    /// <summary>
    /// Applies the ego-motion to every track's state as BoT-SORT's camera-motion compensation does to mean and
    /// covariance (x' = J·x + t): positions and velocities by the affine's 2×2 part, the box size by its absolute
    /// values — the size of the box that encloses the mapped box, which is what a detector will report (equal to
    /// BoT-SORT's when the part has no negative entries, as for translation and zoom).
    /// </summary>
    private void Compensate(in EgoMotion m)
    {
        Span<double> j = stackalloc double[KalmanBoxFilter.CovarianceSize];
        Span<double> tmp = stackalloc double[KalmanBoxFilter.CovarianceSize];
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            Span<double> mean = _postMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize);
            Span<double> cov = _postCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize);
            EgoMotionJacobian(m, mean, j);
            // mean' = J·mean + t (t on the centre only).
            Span<double> old = tmp[..KalmanBoxFilter.StateSize];
            mean.CopyTo(old);
            for (int r = 0; r < 8; r++)
            {
                double sum = 0;
                for (int c = 0; c < 8; c++)
                {
                    sum += j[r * 8 + c] * old[c];
                }
                mean[r] = sum;
            }
            mean[0] += m.Tx;
            mean[1] += m.Ty;
            if (_model == MotionModel.CenterAspectHeight)
            {
                // (a, h) map non-linearly (the Jacobian is its linearisation, right for the velocities and covariance).
                double b11 = Math.Abs(m.A11), b12 = Math.Abs(m.A12), b21 = Math.Abs(m.A21), b22 = Math.Abs(m.A22);
                double den = b21 * old[2] + b22;
                mean[2] = (b11 * old[2] + b12) / den;
                mean[3] = den * old[3];
            }
            // cov' = J·cov·Jᵀ.
            for (int r = 0; r < 8; r++)
            {
                for (int c = 0; c < 8; c++)
                {
                    double sum = 0;
                    for (int q = 0; q < 8; q++)
                    {
                        sum += j[r * 8 + q] * cov[q * 8 + c];
                    }
                    tmp[r * 8 + c] = sum;
                }
            }
            for (int r = 0; r < 8; r++)
            {
                for (int c = 0; c < 8; c++)
                {
                    double sum = 0;
                    for (int q = 0; q < 8; q++)
                    {
                        sum += tmp[r * 8 + q] * j[c * 8 + q];
                    }
                    cov[r * 8 + c] = sum;
                }
            }
        }
    }

    /// <summary>The 8×8 linear part of the ego-motion on a state: blocks on (cx, cy), (vx, vy) and the size pairs.</summary>
    private void EgoMotionJacobian(in EgoMotion m, ReadOnlySpan<double> mean, Span<double> j)
    {
        j.Clear();
        double a11 = m.A11, a12 = m.A12, a21 = m.A21, a22 = m.A22;
        double b11 = Math.Abs(a11), b12 = Math.Abs(a12), b21 = Math.Abs(a21), b22 = Math.Abs(a22);
        Block(j, 0, a11, a12, a21, a22);
        Block(j, 4, a11, a12, a21, a22);
        if (_model == MotionModel.CenterWidthHeight)
        {
            Block(j, 2, b11, b12, b21, b22);
            Block(j, 6, b11, b12, b21, b22);
        }
        else
        {
            // (a, h) with w = a·h: the enclosing box has w' = b11·w + b12·h and h' = b21·w + b22·h, so
            // h' = (b21·a + b22)·h and a' = w'/h' — linearised at the current state for the covariance.
            double a = mean[2], h = mean[3];
            double den = b21 * a + b22;
            // ∂a'/∂a = (b11·den − (b11·a + b12)·b21)/den², ∂h'/∂a = b21·h, ∂h'/∂h = den.
            double daa = (b11 * den - (b11 * a + b12) * b21) / (den * den);
            j[2 * 8 + 2] = daa;
            j[3 * 8 + 2] = b21 * h;
            j[3 * 8 + 3] = den;
            j[6 * 8 + 6] = daa;
            j[7 * 8 + 6] = b21 * h;
            j[7 * 8 + 7] = den;
        }
    }

    private static void Block(Span<double> j, int at, double a11, double a12, double a21, double a22)
    {
        j[at * 8 + at] = a11;
        j[at * 8 + at + 1] = a12;
        j[(at + 1) * 8 + at] = a21;
        j[(at + 1) * 8 + at + 1] = a22;
    }

    /// <summary>Removes tracks unmatched for longer than the buffer at this capture time, then predicts every other to it.</summary>
    private void PredictLive(long captureNs)
    {
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            ref TrackSlot t = ref _slots[s];
            t.Matched = false;
            if (captureNs - t.UpdateNs > _bufferNs)
            {
                t.Removed = true;
                continue;
            }
            double dt = (captureNs - t.UpdateNs) * 1e-9;
            Span<double> mean = _nowMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize);
            KalmanBoxFilter.Predict(_model, _postMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize),
                _postCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize), dt, holdSize: t.State == TrackState.Lost,
                mean, _nowCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize));
            t.Box = BoxOf(mean);
        }
    }

    private BoxF BoxOf(ReadOnlySpan<double> mean)
    {
        double w = KalmanBoxFilter.Width(_model, mean), h = mean[3];
        return BoxF.FromCenter((float)mean[0], (float)mean[1], (float)w, (float)h);
    }

    private int AllocateSlot() => _freeCount > 0 ? _freeSlots[--_freeCount] : -1;

    /// <summary>Drops removed tracks from the live list (keeping id order) and frees their slots.</summary>
    private void Compact()
    {
        int kept = 0;
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            if (_slots[s].Removed)
            {
                _slots[s] = default;
                _freeSlots[_freeCount++] = s;
                TracksRemoved++;
            }
            else
            {
                _order[kept++] = s;
            }
        }
        _live = kept;
    }
}
