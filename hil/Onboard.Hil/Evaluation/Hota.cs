using Onboard.Kernels.Tracking;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// HOTA exactly as TrackEval's <c>hota.py</c> computes it. First, over the whole sequence, each truth–track pair's
/// global alignment: the frames where they could match, each weighted by its similarity normalised like a soft IoU
/// (s / (row sum + column sum − s)), over the frames either exists. Then per frame the assignment maximising
/// alignment × similarity; at each α the pairs with similarity ≥ α are TP (and their counts per pair give AssA:
/// Σ over TP of |TPA| / (|TPA| + |FNA| + |FPA|) / |TP|); DetA = TP / (TP + FN + FP), HOTA_α = √(DetA·AssA),
/// LocA_α = mean similarity of the TPs.
/// </summary>
public static class Hota
{
    private const double Eps = 2.220446049250313e-16;

    /// <summary>numpy's <c>arange(0.05, 0.99, 0.05)</c>: 0.05 + k·0.05, the values TrackEval compares with.</summary>
    public static double[] Alphas { get; } = [.. Enumerable.Range(0, 19).Select(k => 0.05 + k * 0.05)];

    public static HotaResult Evaluate(IReadOnlyList<MotFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        int a = Alphas.Length;
        var hota = new double[a];
        var detA = new double[a];
        var assA = new double[a];
        var locA = new double[a];
        int truthDetections = frames.Sum(f => f.TruthIds.Length), trackDetections = frames.Sum(f => f.TrackIds.Length);
        if (truthDetections == 0 || trackDetections == 0)
        {
            Array.Fill(locA, 1.0);
            return new HotaResult(Alphas, hota, detA, assA, locA);
        }
        var ids = new MotIds(frames);
        int g = ids.TruthCount, t = ids.TrackCount;
        var potential = new double[g * t];
        var truthCount = new double[g];
        var trackCount = new double[t];
        foreach (MotFrame f in frames)
        {
            int rows = f.TruthIds.Length, columns = f.TrackIds.Length;
            var rowSum = new double[rows];
            var columnSum = new double[columns];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    rowSum[i] += f.At(i, j);
                    columnSum[j] += f.At(i, j);
                }
            }
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    double s = f.At(i, j), denominator = columnSum[j] + rowSum[i] - s;
                    if (denominator > Eps)
                    {
                        potential[ids.Truth(f.TruthIds[i]) * t + ids.Track(f.TrackIds[j])] += s / denominator;
                    }
                }
            }
            foreach (int id in f.TruthIds)
            {
                truthCount[ids.Truth(id)]++;
            }
            foreach (int id in f.TrackIds)
            {
                trackCount[ids.Track(id)]++;
            }
        }
        var alignment = new double[g * t];
        for (int i = 0; i < g; i++)
        {
            for (int j = 0; j < t; j++)
            {
                alignment[i * t + j] = potential[i * t + j] / (truthCount[i] + trackCount[j] - potential[i * t + j]);
            }
        }

        var tp = new double[a];
        var fn = new double[a];
        var fp = new double[a];
        var matches = new double[a][];
        for (int k = 0; k < a; k++)
        {
            matches[k] = new double[g * t];
        }
        var solver = new LinearAssignment(MotIds.LargestFrame(frames));
        foreach (MotFrame f in frames)
        {
            int rows = f.TruthIds.Length, columns = f.TrackIds.Length;
            if (rows == 0 || columns == 0)
            {
                for (int k = 0; k < a; k++)
                {
                    fp[k] += columns;
                    fn[k] += rows;
                }
                continue;
            }
            var score = new double[rows * columns];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    score[i * columns + j] = alignment[ids.Truth(f.TruthIds[i]) * t + ids.Track(f.TrackIds[j])] * f.At(i, j);
                }
            }
            int[] rowToColumn = ClearMot.Maximise(solver, score, rows, columns);
            for (int k = 0; k < a; k++)
            {
                int matched = 0;
                for (int i = 0; i < rows; i++)
                {
                    int j = rowToColumn[i];
                    if (j < 0 || !(f.At(i, j) >= Alphas[k] - Eps))
                    {
                        continue;
                    }
                    matched++;
                    locA[k] += f.At(i, j);
                    matches[k][ids.Truth(f.TruthIds[i]) * t + ids.Track(f.TrackIds[j])]++;
                }
                tp[k] += matched;
                fn[k] += rows - matched;
                fp[k] += columns - matched;
            }
        }
        for (int k = 0; k < a; k++)
        {
            double sum = 0;
            for (int i = 0; i < g; i++)
            {
                for (int j = 0; j < t; j++)
                {
                    double m = matches[k][i * t + j];
                    sum += m * (m / Math.Max(1, truthCount[i] + trackCount[j] - m));
                }
            }
            assA[k] = sum / Math.Max(1, tp[k]);
            detA[k] = tp[k] / Math.Max(1, tp[k] + fn[k] + fp[k]);
            hota[k] = Math.Sqrt(detA[k] * assA[k]);
            locA[k] = Math.Max(1e-10, locA[k]) / Math.Max(1e-10, tp[k]);
        }
        return new HotaResult(Alphas, hota, detA, assA, locA);
    }
}
