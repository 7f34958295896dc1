using Onboard.Kernels.Tracking;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// CLEAR MOT (Bernardin and Stiefelhagen 2008) exactly as TrackEval's <c>clear.py</c> computes it: per frame a
/// maximum-score assignment where continuing last frame's match is worth 1000 and then similarity, pairs below the
/// threshold (0.5) never match; an ID switch is a truth matched to another track than the one it was last matched
/// to (any number of frames before); a fragmentation is each time a truth's tracking resumes after a gap;
/// mostly tracked &gt; 80 %, mostly lost &lt; 20 %. (As TrackEval does, a frame with no tracker output does not end
/// the truths' "tracked in the previous frame" state.)
/// </summary>
public static class ClearMot
{
    private const double Eps = 2.220446049250313e-16;   // numpy's float eps, as TrackEval compares

    public static ClearMotResult Evaluate(IReadOnlyList<MotFrame> frames, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var ids = new MotIds(frames);
        int truths = ids.TruthCount;
        int tp = 0, fn = 0, fp = 0, switches = 0;
        double motp = 0;
        if (!frames.Any(f => f.TrackIds.Length > 0) || !frames.Any(f => f.TruthIds.Length > 0))
        {
            fn = frames.Sum(f => f.TruthIds.Length);
            fp = frames.Sum(f => f.TrackIds.Length);
            return new ClearMotResult(0, fn, fp, 0, 0, 0, 0, truths, 0);
        }
        var present = new int[truths];
        var matchedCount = new int[truths];
        var fragments = new int[truths];
        var lastTrack = new int[truths];
        var previousFrameTrack = new int[truths];
        Array.Fill(lastTrack, -1);
        Array.Fill(previousFrameTrack, -1);
        var solver = new LinearAssignment(MotIds.LargestFrame(frames));
        var currentTrack = new int[truths];

        foreach (MotFrame f in frames)
        {
            int g = f.TruthIds.Length, t = f.TrackIds.Length;
            if (g == 0)
            {
                fp += t;
                continue;
            }
            if (t == 0)
            {
                fn += g;
                foreach (int id in f.TruthIds)
                {
                    present[ids.Truth(id)]++;
                }
                continue;
            }
            var score = new double[g * t];
            for (int i = 0; i < g; i++)
            {
                int truth = ids.Truth(f.TruthIds[i]);
                for (int j = 0; j < t; j++)
                {
                    double s = f.At(i, j);
                    score[i * t + j] = s < threshold - Eps ? 0 : (previousFrameTrack[truth] == ids.Track(f.TrackIds[j]) ? 1000 : 0) + s;
                }
            }
            int[] rowToColumn = Maximise(solver, score, g, t);
            Array.Fill(currentTrack, -1);
            int matches = 0;
            for (int i = 0; i < g; i++)
            {
                int j = rowToColumn[i];
                int truth = ids.Truth(f.TruthIds[i]);
                present[truth]++;
                if (j < 0 || !(score[i * t + j] > Eps))
                {
                    continue;
                }
                int track = ids.Track(f.TrackIds[j]);
                if (lastTrack[truth] >= 0 && lastTrack[truth] != track)
                {
                    switches++;
                }
                lastTrack[truth] = track;
                currentTrack[truth] = track;
                matchedCount[truth]++;
                matches++;
                motp += f.At(i, j);
            }
            for (int k = 0; k < truths; k++)
            {
                if (previousFrameTrack[k] < 0 && currentTrack[k] >= 0)
                {
                    fragments[k]++;
                }
                previousFrameTrack[k] = currentTrack[k];
            }
            tp += matches;
            fn += g - matches;
            fp += t - matches;
        }
        int mt = 0, pt = 0;
        for (int k = 0; k < truths; k++)
        {
            if (present[k] == 0)
            {
                continue;
            }
            double ratio = matchedCount[k] / (double)present[k];
            mt += ratio > 0.8 ? 1 : 0;
            pt += ratio >= 0.2 && !(ratio > 0.8) ? 1 : 0;
        }
        int frag = fragments.Where(c => c > 0).Sum(c => c - 1);
        return new ClearMotResult(tp, fn, fp, switches, frag, mt, pt, truths - mt - pt, motp);
    }

    /// <summary>The assignment maximising the total score (every row or every column matched, as scipy's
    /// linear_sum_assignment on −score), row → column.</summary>
    internal static int[] Maximise(LinearAssignment solver, double[] score, int rows, int columns)
    {
        var negated = new double[score.Length];
        for (int i = 0; i < score.Length; i++)
        {
            negated[i] = -score[i];
        }
        var rowToColumn = new int[rows];
        solver.Solve(negated, rows, columns, rowToColumn, new int[columns]);
        return rowToColumn;
    }
}
