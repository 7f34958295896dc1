using System.Numerics;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Kernels.Tracking;

/// <summary>ByteTrack's association: the score split, the three matching stages, new tracks and duplicate removal.</summary>
public sealed partial class ByteTracker
{
    private readonly DetectionColumns _high;
    private readonly DetectionColumns _low;
    private readonly LinearAssignment _lap;
    private readonly double[] _cost;
    private readonly float[] _iou;
    private readonly int[] _rows;
    private readonly int[] _rowsNext;
    private readonly int[] _columns;
    private readonly int[] _rowToColumn;
    private readonly int[] _columnToRow;
    private readonly bool[] _highUsed;
    private readonly int[] _lost;
    private int _rowCount;

    /// <summary>Splits the frame's detections into high (score ≥ high) and low ([low, high)); the rest are ignored.</summary>
    private void LoadDetections(ReadOnlySpan<Detection> detections)
    {
        _high.Count = 0;
        _low.Count = 0;
        int n = detections.Length;
        if (n > _maxDetections)
        {
            DetectionsDropped += n - _maxDetections;
            n = _maxDetections;
        }
        float high = (float)_settings.HighThreshold, low = (float)_settings.LowThreshold;
        for (int i = 0; i < n; i++)
        {
            ref readonly Detection d = ref detections[i];
            BoxF b = d.Box;
            if (!float.IsFinite(b.X1 + b.Y1 + b.X2 + b.Y2 + d.Score) || !(b.X2 > b.X1) || !(b.Y2 > b.Y1))
            {
                DetectionsInvalid++;
                continue;
            }
            if (d.Score >= high)
            {
                _high.Add(b, d.Score, d.ClassId);
            }
            else if (d.Score >= low)
            {
                _low.Add(b, d.Score, d.ClassId);
            }
        }
        _highUsed.AsSpan(0, _high.Count).Clear();
    }

    /// <summary>Stage 1: confirmed and lost tracks against the high detections, on IoU distance fused with the score.</summary>
    private void AssociateHigh(long captureNs)
    {
        // ByteTrack's pool: the tracked ones, then the lost ones.
        _rowCount = 0;
        int lost = 0;
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            ref TrackSlot t = ref _slots[s];
            if (t.Removed)
            {
                continue;
            }
            if (t.State == TrackState.Confirmed)
            {
                _rows[_rowCount++] = s;
            }
            else if (t.State == TrackState.Lost)
            {
                _lost[lost++] = s;
            }
        }
        _lost.AsSpan(0, lost).CopyTo(_rows.AsSpan(_rowCount));
        _rowCount += lost;
        int columns = AllColumns(_high);
        Match(_high, columns, _settings.FuseScore, _settings.MatchThreshold, captureNs, highBand: true);
    }

    /// <summary>Stage 2: the confirmed tracks stage 1 left unmatched against the low detections, on plain IoU; the
    /// ones still unmatched become lost.</summary>
    private void AssociateLow(long captureNs)
    {
        int remaining = 0;
        for (int r = 0; r < _rowCount; r++)
        {
            int s = _rows[r];
            if (!_slots[s].Matched && _slots[s].State == TrackState.Confirmed)
            {
                _rowsNext[remaining++] = s;
            }
        }
        _rowsNext.AsSpan(0, remaining).CopyTo(_rows);
        _rowCount = remaining;
        int columns = AllColumns(_low);
        Match(_low, columns, fuse: false, _settings.SecondMatchThreshold, captureNs, highBand: false);
        for (int r = 0; r < _rowCount; r++)
        {
            ref TrackSlot t = ref _slots[_rows[r]];
            if (!t.Matched)
            {
                t.State = TrackState.Lost;
            }
        }
    }

    /// <summary>Stage 3: tentative tracks against the high detections nobody took; unmatched tentative tracks are removed.</summary>
    private void AssociateTentative(long captureNs)
    {
        _rowCount = 0;
        for (int k = 0; k < _live; k++)
        {
            int s = _order[k];
            if (!_slots[s].Removed && _slots[s].State == TrackState.Tentative)
            {
                _rows[_rowCount++] = s;
            }
        }
        int columns = 0;
        for (int d = 0; d < _high.Count; d++)
        {
            if (!_highUsed[d])
            {
                _columns[columns++] = d;
            }
        }
        Match(_high, columns, _settings.FuseScore, _settings.UnconfirmedMatchThreshold, captureNs, highBand: true);
        for (int r = 0; r < _rowCount; r++)
        {
            ref TrackSlot t = ref _slots[_rows[r]];
            if (!t.Matched)
            {
                t.Removed = true;
            }
        }
    }

    /// <summary>New tentative tracks from the high detections still unmatched that reach the new-track threshold
    /// (confirmed at once in the tracker's first frame, as ByteTrack does).</summary>
    private void StartTracks(long captureNs, bool firstFrame)
    {
        Span<double> z = stackalloc double[4];
        float threshold = (float)_settings.NewTrackThreshold;
        for (int d = 0; d < _high.Count; d++)
        {
            if (_highUsed[d] || _high.Score[d] < threshold)
            {
                continue;
            }
            int s = AllocateSlot();
            if (s < 0)
            {
                TracksRefused++;
                continue;
            }
            BoxF box = _high.Box(d);
            KalmanBoxFilter.Measure(_model, box.X1, box.Y1, box.X2, box.Y2, z);
            Span<double> mean = _postMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize);
            Span<double> cov = _postCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize);
            KalmanBoxFilter.Initiate(_model, z, mean, cov);
            mean.CopyTo(_nowMean.AsSpan(s * KalmanBoxFilter.StateSize));
            cov.CopyTo(_nowCov.AsSpan(s * KalmanBoxFilter.CovarianceSize));
            _slots[s] = new TrackSlot
            {
                Id = _nextId++,
                ClassId = _high.ClassId[d],
                LastClassId = _high.ClassId[d],
                Score = _high.Score[d],
                State = firstFrame ? TrackState.Confirmed : TrackState.Tentative,
                StartNs = captureNs,
                UpdateNs = captureNs,
                Hits = 1,
                HistoryLast = -1,
                Box = box,
                Matched = true,
            };
            PushHistory(s, captureNs, box);
            _order[_live++] = s;
            _highUsed[d] = true;
            TracksCreated++;
        }
    }

    /// <summary>ByteTrack's remove_duplicate_stracks: a tracked and a lost track whose boxes overlap more than the
    /// duplicate IoU are one object; the one tracked for less time (last update − start) goes, the tracked one on a tie.</summary>
    private void RemoveDuplicates()
    {
        float limit = (float)_settings.DuplicateIoU;
        bool crossClass = _settings.CrossClassMatching;
        for (int p = 0; p < _live; p++)
        {
            int sp = _order[p];
            ref TrackSlot a = ref _slots[sp];
            if (a.State == TrackState.Lost || a.Removed)
            {
                continue;
            }
            for (int q = 0; q < _live; q++)
            {
                int sq = _order[q];
                ref TrackSlot b = ref _slots[sq];
                if (b.State != TrackState.Lost || b.Removed || (!crossClass && a.ClassId != b.ClassId))
                {
                    continue;
                }
                if (BoxF.IoU(a.Box, b.Box) > limit)
                {
                    if (a.UpdateNs - a.StartNs > b.UpdateNs - b.StartNs)
                    {
                        b.Removed = true;
                    }
                    else
                    {
                        a.Removed = true;
                    }
                }
            }
        }
    }

    private int AllColumns(DetectionColumns band)
    {
        for (int d = 0; d < band.Count; d++)
        {
            _columns[d] = d;
        }
        return band.Count;
    }

    /// <summary>
    /// Builds the cost matrix of <c>_rows</c> × <paramref name="columns"/> detections of <paramref name="band"/>
    /// (1 − IoU, or 1 − IoU·score when fused; pairs of different classes never match unless cross-class matching is on),
    /// solves it exactly with the cost limit and updates each matched track.
    /// </summary>
    private void Match(DetectionColumns band, int columns, bool fuse, double limit, long captureNs, bool highBand)
    {
        int rows = _rowCount;
        if (rows == 0 || columns == 0)
        {
            return;
        }
        bool gate = !_settings.CrossClassMatching;
        bool allColumns = columns == band.Count;
        Span<double> cost = _cost.AsSpan(0, rows * columns);
        Span<float> iou = _iou.AsSpan(0, band.Count);
        for (int r = 0; r < rows; r++)
        {
            ref TrackSlot t = ref _slots[_rows[r]];
            band.IoU(t.Box, iou);
            Span<double> row = cost.Slice(r * columns, columns);
            if (allColumns)
            {
                CostRow(iou, band.Score, band.ClassId, t.ClassId, fuse, gate, row);
                continue;
            }
            for (int c = 0; c < columns; c++)
            {
                int d = _columns[c];
                row[c] = gate && band.ClassId[d] != t.ClassId ? double.PositiveInfinity : 1f - (fuse ? iou[d] * band.Score[d] : iou[d]);
            }
        }
        Span<int> rowToColumn = _rowToColumn.AsSpan(0, rows);
        _lap.Solve(cost, rows, columns, rowToColumn, _columnToRow.AsSpan(0, columns), limit);
        for (int r = 0; r < rows; r++)
        {
            int c = rowToColumn[r];
            if (c < 0)
            {
                continue;
            }
            int d = _columns[c];
            UpdateTrack(_rows[r], band, d, captureNs);
            if (highBand)
            {
                _highUsed[d] = true;
            }
        }
    }

    /// <summary>
    /// One track's costs against every detection of a band, vectorised: 1 − IoU (× score when fused) in float, as
    /// the scalar path computes it, +∞ for another class when gated, widened to the solver's doubles.
    /// </summary>
    private static void CostRow(ReadOnlySpan<float> iou, ReadOnlySpan<float> score, ReadOnlySpan<int> classes, int trackClass, bool fuse, bool gate, Span<double> row)
    {
        int n = row.Length, c = 0;
        int lanes = Vector<float>.Count;
        if (Vector.IsHardwareAccelerated && n >= lanes)
        {
            var infinity = new Vector<float>(float.PositiveInfinity);
            var own = new Vector<int>(trackClass);
            for (; c <= n - lanes; c += lanes)
            {
                var similarity = new Vector<float>(iou[c..]);
                if (fuse)
                {
                    similarity *= new Vector<float>(score[c..]);
                }
                Vector<float> v = Vector<float>.One - similarity;
                if (gate)
                {
                    v = Vector.ConditionalSelect(Vector.Equals(new Vector<int>(classes[c..]), own), v, infinity);
                }
                Vector.Widen(v, out Vector<double> low, out Vector<double> high);
                low.CopyTo(row[c..]);
                high.CopyTo(row[(c + Vector<double>.Count)..]);
            }
        }
        for (; c < n; c++)
        {
            row[c] = gate && classes[c] != trackClass ? double.PositiveInfinity : 1f - (fuse ? iou[c] * score[c] : iou[c]);
        }
    }

    /// <summary>A match: Kalman update from this frame's prediction, bookkeeping, history; lost and tentative tracks become confirmed.</summary>
    private void UpdateTrack(int s, DetectionColumns band, int d, long captureNs)
    {
        Span<double> z = stackalloc double[4];
        BoxF box = band.Box(d);
        KalmanBoxFilter.Measure(_model, box.X1, box.Y1, box.X2, box.Y2, z);
        Span<double> mean = _nowMean.AsSpan(s * KalmanBoxFilter.StateSize, KalmanBoxFilter.StateSize);
        Span<double> cov = _nowCov.AsSpan(s * KalmanBoxFilter.CovarianceSize, KalmanBoxFilter.CovarianceSize);
        if (!KalmanBoxFilter.Update(_model, mean, cov, z))
        {
            // A degenerate covariance (it cannot happen with positive sizes): start the state afresh from the detection.
            KalmanBoxFilter.Initiate(_model, z, mean, cov);
        }
        mean.CopyTo(_postMean.AsSpan(s * KalmanBoxFilter.StateSize));
        cov.CopyTo(_postCov.AsSpan(s * KalmanBoxFilter.CovarianceSize));
        ref TrackSlot t = ref _slots[s];
        int classId = band.ClassId[d];
        if (classId != t.LastClassId)
        {
            t.ClassFlips++;
            t.LastClassId = classId;
        }
        t.Score = band.Score[d];
        t.State = TrackState.Confirmed;
        t.UpdateNs = captureNs;
        t.Hits++;
        t.Matched = true;
        t.Box = BoxOf(mean);
        PushHistory(s, captureNs, box);
    }

    private void PushHistory(int s, long captureNs, in BoxF box)
    {
        int n = _historyLength;
        if (n == 0)
        {
            return;
        }
        ref TrackSlot t = ref _slots[s];
        int p = t.HistoryLast + 1 == n ? 0 : t.HistoryLast + 1;
        var point = new HistoryPoint { CaptureNs = captureNs, X = box.CenterX, Y = box.CenterY };
        int ring = s * 2 * n;
        _history[ring + p] = point;
        _history[ring + p + n] = point;
        t.HistoryLast = p;
        if (t.HistoryCount < n)
        {
            t.HistoryCount++;
        }
    }
}
