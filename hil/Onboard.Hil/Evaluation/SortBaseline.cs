using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// A SORT-style baseline (Bewley et al. 2016, as the C# trackers of YoloDotNet do it): the same constant-velocity
/// Kalman filter over the real capture interval, but only high-score detections (≥ 0.25), greedy IoU matching (best
/// pair first, IoU ≥ 0.3), no second stage for low scores, no score fusion; SORT's life cycle: a track is deleted once
/// unmatched for more than <c>maxAge</c> frames (1) and reported while matched in the current frame after
/// <c>minHits</c> (3) consecutive matches (or in the sequence's first frames).
/// </summary>
public sealed class SortBaseline(double scoreThreshold = 0.25, double iouThreshold = 0.3, int maxAge = 1, int minHits = 3)
{
    private const MotionModel Model = MotionModel.CenterAspectHeight;

    private readonly List<Track> _tracks = [];
    private int _frames;
    private int _nextId = 1;

    /// <summary>Tracks one frame; returns the reported tracks (id, class, box).</summary>
    public List<(int Id, int ClassId, BoxF Box)> Step(long captureNs, ReadOnlySpan<Detection> detections)
    {
        _frames++;
        var dets = new List<Detection>();
        foreach (Detection d in detections)
        {
            if (d.Score >= scoreThreshold)
            {
                dets.Add(d);
            }
        }
        foreach (Track t in _tracks)
        {
            double dt = (captureNs - t.UpdateNs) * 1e-9;
            KalmanBoxFilter.Predict(Model, t.Mean, t.Covariance, dt, holdSize: false, t.PredictedMean, t.PredictedCovariance);
            t.Box = Box(t.PredictedMean);
            t.Matched = false;
        }
        var pairs = new List<(float IoU, int Track, int Detection)>();
        for (int i = 0; i < _tracks.Count; i++)
        {
            for (int j = 0; j < dets.Count; j++)
            {
                float iou = BoxF.IoU(_tracks[i].Box, dets[j].Box);
                if (iou >= iouThreshold)
                {
                    pairs.Add((iou, i, j));
                }
            }
        }
        pairs.Sort((a, b) => b.IoU != a.IoU ? b.IoU.CompareTo(a.IoU) : a.Track != b.Track ? a.Track.CompareTo(b.Track) : a.Detection.CompareTo(b.Detection));
        var used = new bool[dets.Count];
        Span<double> z = stackalloc double[4];
        foreach ((_, int i, int j) in pairs)
        {
            Track t = _tracks[i];
            if (t.Matched || used[j])
            {
                continue;
            }
            used[j] = true;
            t.Matched = true;
            BoxF b = dets[j].Box;
            KalmanBoxFilter.Measure(Model, b.X1, b.Y1, b.X2, b.Y2, z);
            t.PredictedMean.CopyTo(t.Mean, 0);
            t.PredictedCovariance.CopyTo(t.Covariance, 0);
            KalmanBoxFilter.Update(Model, t.Mean, t.Covariance, z);
            t.UpdateNs = captureNs;
            t.Box = Box(t.Mean);
            t.Streak++;
            t.Missed = 0;
        }
        foreach (Track t in _tracks)
        {
            if (!t.Matched)
            {
                t.Streak = 0;
                t.Missed++;
            }
        }
        _tracks.RemoveAll(t => t.Missed > maxAge);
        for (int j = 0; j < dets.Count; j++)
        {
            if (!used[j])
            {
                var t = new Track { Id = _nextId++, ClassId = dets[j].ClassId, UpdateNs = captureNs, Streak = 1, Matched = true, Box = dets[j].Box };
                BoxF b = dets[j].Box;
                KalmanBoxFilter.Measure(Model, b.X1, b.Y1, b.X2, b.Y2, z);
                KalmanBoxFilter.Initiate(Model, z, t.Mean, t.Covariance);
                _tracks.Add(t);
            }
        }
        var reported = new List<(int Id, int ClassId, BoxF Box)>();
        foreach (Track t in _tracks)
        {
            if (t.Matched && (t.Streak >= minHits || _frames <= minHits))
            {
                reported.Add((t.Id, t.ClassId, t.Box));
            }
        }
        return reported;
    }

    private static BoxF Box(double[] mean)
    {
        double w = KalmanBoxFilter.Width(Model, mean);
        return BoxF.FromCenter((float)mean[0], (float)mean[1], (float)w, (float)mean[3]);
    }

    private sealed class Track
    {
        public int Id;
        public int ClassId;
        public long UpdateNs;
        public int Streak;
        public int Missed;
        public bool Matched;
        public BoxF Box;
        public readonly double[] Mean = new double[8];
        public readonly double[] Covariance = new double[64];
        public readonly double[] PredictedMean = new double[8];
        public readonly double[] PredictedCovariance = new double[64];
    }
}
