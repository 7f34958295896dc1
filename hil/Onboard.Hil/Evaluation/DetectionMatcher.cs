using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// Greedy one-to-one matching as in the usual detection evaluation: detections in descending score each
/// take the unmatched truth of their class with the highest IoU, if that IoU reaches the threshold.
/// </summary>
public static class DetectionMatcher
{
    public static MatchResult Match(ReadOnlySpan<Detection> detections, IReadOnlyList<GroundTruth> truths, double iouThreshold = 0.5)
    {
        Span<bool> taken = truths.Count <= 256 ? stackalloc bool[truths.Count] : new bool[truths.Count];
        Span<int> order = detections.Length <= 256 ? stackalloc int[detections.Length] : new int[detections.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Insertion sort by score: lists are short and this keeps the method allocation-free.
        for (int i = 1; i < order.Length; i++)
        {
            int v = order[i];
            int j = i - 1;
            while (j >= 0 && detections[order[j]].Score < detections[v].Score)
            {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = v;
        }
        int tp = 0, fp = 0;
        double iouSum = 0;
        foreach (int d in order)
        {
            ref readonly Detection det = ref detections[d];
            int best = -1;
            float bestIoU = 0;
            for (int t = 0; t < truths.Count; t++)
            {
                if (taken[t] || truths[t].ClassId != det.ClassId)
                {
                    continue;
                }
                float iou = BoxF.IoU(det.Box, truths[t].Box);
                if (iou > bestIoU)
                {
                    bestIoU = iou;
                    best = t;
                }
            }
            if (best >= 0 && bestIoU >= iouThreshold)
            {
                taken[best] = true;
                tp++;
                iouSum += bestIoU;
            }
            else
            {
                fp++;
            }
        }
        return new MatchResult(tp, fp, truths.Count - tp, iouSum);
    }
}
