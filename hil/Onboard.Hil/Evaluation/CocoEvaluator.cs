namespace Onboard.Hil.Evaluation;

/// <summary>
/// COCO box mAP exactly as pycocotools' COCOeval computes it (evaluateImg + accumulate + summarize, area "all",
/// maxDets 100): per image and class, detections sorted by score (stable), greedy matching at each IoU threshold
/// 0.50:0.05:0.95 to the best still-unmatched ground truth (ignored truths last, a detection matched to one ignored),
/// ignored truths are COCO's crowd regions (iscrowd = 1: IoU over the detection's area, any number of detections
/// absorbed, none counted), precision made monotone and read at the 101 recall thresholds 0:0.01:1 (searchsorted, left), AP the mean of
/// those, mAP the mean over classes with ground truth. Thresholds are built as numpy's linspace builds them, so
/// ties at a threshold land where pycocotools puts them. Checked against a numpy implementation of the same
/// algorithm in <c>tests/Onboard.Tests/Peers/coco_map.py</c>.
/// </summary>
public static class CocoEvaluator
{
    public const int MaxDetections = 100;

    /// <summary>np.linspace(.5, 0.95, 10).</summary>
    public static double[] IouThresholds { get; } = Linspace(0.5, 0.95, 10);

    /// <summary>np.linspace(.0, 1.00, 101).</summary>
    public static double[] RecallThresholds { get; } = Linspace(0, 1, 101);

    public static CocoResult Evaluate(IReadOnlyList<CocoBox> truths, IReadOnlyList<CocoBox> detections)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(detections);
        var classes = truths.Select(t => t.ClassId).Distinct().Order().ToList();
        var images = truths.Select(t => t.Image).Concat(detections.Select(d => d.Image)).Distinct().Order().ToList();
        var perClass = new List<CocoClassResult>();
        foreach (int c in classes)
        {
            perClass.Add(EvaluateClass(c, images,
                truths.Where(t => t.ClassId == c).GroupBy(t => t.Image).ToDictionary(g => g.Key, g => g.ToList()),
                detections.Where(d => d.ClassId == c).GroupBy(d => d.Image).ToDictionary(g => g.Key, g => g.ToList())));
        }
        var valid = perClass.Where(r => r.Ap50 >= 0).ToList();
        return new CocoResult(
            valid.Count == 0 ? -1 : valid.Average(r => r.Ap50),
            valid.Count == 0 ? -1 : valid.Average(r => r.Ap50To95),
            perClass);
    }

    private static CocoClassResult EvaluateClass(int classId, List<long> images, Dictionary<long, List<CocoBox>> truthsByImage,
        Dictionary<long, List<CocoBox>> detectionsByImage)
    {
        int thresholds = IouThresholds.Length;
        // Concatenated over images in image order, each image's detections in score order (accumulate's layout).
        var scores = new List<double>();
        var matched = new List<bool[]>();
        var ignored = new List<bool[]>();
        var frames = new List<long>();
        var misses = new List<long>();
        int truthsScored = 0, truthCount = 0, detectionCount = 0;
        foreach (long image in images)
        {
            List<CocoBox> g = truthsByImage.GetValueOrDefault(image) ?? [];
            List<CocoBox> d = detectionsByImage.GetValueOrDefault(image) ?? [];
            if (g.Count == 0 && d.Count == 0)
            {
                continue;
            }
            // np.argsort(gtIg, kind='mergesort'), np.argsort(-scores, kind='mergesort'): both stable.
            g = [.. g.OrderBy(t => t.Ignore ? 1 : 0)];
            d = [.. d.OrderByDescending(x => x.Score).Take(MaxDetections)];
            truthCount += g.Count;
            detectionCount += d.Count;
            truthsScored += g.Count(t => !t.Ignore);
            var iou = new double[d.Count, g.Count];
            for (int i = 0; i < d.Count; i++)
            {
                for (int j = 0; j < g.Count; j++)
                {
                    iou[i, j] = IoU(d[i], g[j]);
                }
            }
            var dtMatched = new bool[thresholds, d.Count];
            var dtIgnored = new bool[thresholds, d.Count];
            var gtMatched = new bool[thresholds, g.Count];
            for (int t = 0; t < thresholds; t++)
            {
                for (int i = 0; i < d.Count; i++)
                {
                    double best = Math.Min(IouThresholds[t], 1 - 1e-10);
                    int m = -1;
                    for (int j = 0; j < g.Count; j++)
                    {
                        // A crowd (ignored) truth may absorb any number of detections.
                        if (gtMatched[t, j] && !g[j].Ignore)
                        {
                            continue;
                        }
                        // Already matched to a scored truth, and only ignored ones remain.
                        if (m > -1 && !g[m].Ignore && g[j].Ignore)
                        {
                            break;
                        }
                        if (iou[i, j] < best)
                        {
                            continue;
                        }
                        best = iou[i, j];
                        m = j;
                    }
                    if (m == -1)
                    {
                        continue;
                    }
                    dtIgnored[t, i] = g[m].Ignore;
                    dtMatched[t, i] = true;
                    gtMatched[t, m] = true;
                }
            }
            for (int i = 0; i < d.Count; i++)
            {
                scores.Add(d[i].Score);
                var mRow = new bool[thresholds];
                var iRow = new bool[thresholds];
                for (int t = 0; t < thresholds; t++)
                {
                    mRow[t] = dtMatched[t, i];
                    iRow[t] = dtIgnored[t, i];
                }
                matched.Add(mRow);
                ignored.Add(iRow);
                frames.Add(image);
            }
            for (int j = 0; j < g.Count; j++)
            {
                if (!g[j].Ignore && !gtMatched[0, j])
                {
                    misses.Add(image);
                }
            }
        }

        // np.argsort(-dtScores, kind='mergesort').
        int[] order = [.. Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i])];
        var ap = new double[thresholds];
        double[] curve = new double[RecallThresholds.Length];
        double precision50 = 0, recall50 = 0;
        var falsePositives = new List<long>();
        if (truthsScored == 0)
        {
            return new CocoClassResult(classId, truthCount, detectionCount, -1, -1, 0, 0, curve, falsePositives, misses);
        }
        for (int t = 0; t < thresholds; t++)
        {
            var tpCum = new List<double>();
            var fpCum = new List<double>();
            double tp = 0, fp = 0;
            foreach (int i in order)
            {
                if (ignored[i][t])
                {
                    continue;
                }
                if (matched[i][t])
                {
                    tp++;
                }
                else
                {
                    fp++;
                    if (t == 0)
                    {
                        falsePositives.Add(frames[i]);
                    }
                }
                tpCum.Add(tp);
                fpCum.Add(fp);
            }
            int nd = tpCum.Count;
            var rc = new double[nd];
            var pr = new double[nd];
            for (int k = 0; k < nd; k++)
            {
                rc[k] = tpCum[k] / truthsScored;
                pr[k] = tpCum[k] / (fpCum[k] + tpCum[k] + Spacing1);
            }
            if (t == 0 && nd > 0)
            {
                precision50 = pr[nd - 1];
                recall50 = rc[nd - 1];
            }
            for (int k = nd - 1; k > 0; k--)
            {
                if (pr[k] > pr[k - 1])
                {
                    pr[k - 1] = pr[k];
                }
            }
            var q = new double[RecallThresholds.Length];
            for (int r = 0; r < RecallThresholds.Length; r++)
            {
                int k = SearchSortedLeft(rc, RecallThresholds[r]);
                if (k >= nd)
                {
                    // pycocotools stops filling at the first recall threshold past the last detection.
                    break;
                }
                q[r] = pr[k];
            }
            ap[t] = q.Average();
            if (t == 0)
            {
                curve = q;
            }
        }
        falsePositives.Sort();
        misses.Sort();
        return new CocoClassResult(classId, truthCount, detectionCount, ap[0], ap.Average(), precision50, recall50, curve, falsePositives, misses);
    }

    /// <summary>np.spacing(1): the gap between 1 and the next double, pycocotools' guard against 0/0.</summary>
    private const double Spacing1 = 2.220446049250313e-16;

    /// <summary>pycocotools' maskApi bbIou for two [x, y, w, h] boxes; over a crowd (ignored) truth, the overlap is
    /// divided by the detection's area alone.</summary>
    private static double IoU(in CocoBox d, in CocoBox g)
    {
        double w = Math.Min(d.X + d.W, g.X + g.W) - Math.Max(d.X, g.X);
        if (w <= 0)
        {
            return 0;
        }
        double h = Math.Min(d.Y + d.H, g.Y + g.H) - Math.Max(d.Y, g.Y);
        if (h <= 0)
        {
            return 0;
        }
        double o = w * h;
        return o / (g.Ignore ? d.W * d.H : d.W * d.H + g.W * g.H - o);
    }

    private static int SearchSortedLeft(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    /// <summary>numpy's linspace: start + i·step, the last exactly stop.</summary>
    private static double[] Linspace(double start, double stop, int count)
    {
        var y = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++)
        {
            y[i] = i * step + start;
        }
        y[^1] = stop;
        return y;
    }
}
