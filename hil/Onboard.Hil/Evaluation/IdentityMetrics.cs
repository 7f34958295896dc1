using Onboard.Kernels.Tracking;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// IDF1 as TrackEval's <c>identity.py</c> computes it: a truth and a track "could match" in a frame when their
/// similarity reaches the threshold; the identity map is the one-to-one truth ↔ track assignment with the most such
/// frames (TrackEval minimises IDFN + IDFP over an extended matrix, which is the same optimum); IDTP is its frame count.
/// </summary>
public static class IdentityMetrics
{
    public static IdentityResult Evaluate(IReadOnlyList<MotFrame> frames, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int truthDetections = frames.Sum(f => f.TruthIds.Length), trackDetections = frames.Sum(f => f.TrackIds.Length);
        if (truthDetections == 0 || trackDetections == 0)
        {
            return new IdentityResult(0, truthDetections, trackDetections);
        }
        var ids = new MotIds(frames);
        int g = ids.TruthCount, t = ids.TrackCount;
        var potential = new double[g * t];
        foreach (MotFrame f in frames)
        {
            for (int i = 0; i < f.TruthIds.Length; i++)
            {
                for (int j = 0; j < f.TrackIds.Length; j++)
                {
                    if (f.At(i, j) >= threshold)
                    {
                        potential[ids.Truth(f.TruthIds[i]) * t + ids.Track(f.TrackIds[j])]++;
                    }
                }
            }
        }
        int[] map = ClearMot.Maximise(new LinearAssignment(Math.Max(g, t)), potential, g, t);
        int idtp = 0;
        for (int i = 0; i < g; i++)
        {
            if (map[i] >= 0)
            {
                idtp += (int)potential[i * t + map[i]];
            }
        }
        return new IdentityResult(idtp, truthDetections - idtp, trackDetections - idtp);
    }
}
