using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Greedy non-maximum suppression with float IoU. Per-class by default (a box only suppresses boxes of
/// its own class, as torchvision's <c>batched_nms</c> and Ultralytics' class-offset trick do).
/// </summary>
public static class Nms
{
    /// <summary>
    /// Sorts <paramref name="detections"/> by score (descending; ties by ascending <see cref="Detection.Index"/>),
    /// suppresses overlaps above <paramref name="iouThreshold"/>, and moves the kept ones to the front in
    /// output order. Returns the number kept (at most <paramref name="maxDetections"/>).
    /// </summary>
    public static int Greedy(Span<Detection> detections, float iouThreshold, bool classAgnostic, int maxDetections)
    {
        detections.Sort(default(ScoreDescending));
        int kept = 0;
        for (int i = 0; i < detections.Length && kept < maxDetections; i++)
        {
            ref readonly Detection candidate = ref detections[i];
            bool suppressed = false;
            for (int k = 0; k < kept; k++)
            {
                ref readonly Detection keeper = ref detections[k];
                if ((classAgnostic || keeper.ClassId == candidate.ClassId)
                    && BoxF.IoU(keeper.Box, candidate.Box) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed)
            {
                detections[kept++] = candidate;
            }
        }
        return kept;
    }

    /// <summary>Total order: higher score first, then lower index. A struct so the sort is specialised and allocation-free.</summary>
    private readonly struct ScoreDescending : IComparer<Detection>
    {
        public int Compare(Detection x, Detection y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Index.CompareTo(y.Index);
        }
    }
}
