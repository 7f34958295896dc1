using System.Buffers;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Greedy non-maximum suppression with float IoU. Per-class by default: a box only suppresses boxes of its
/// own class, which is what torchvision's <c>batched_nms</c> and Ultralytics' class-offset trick compute
/// (exactly, without the offset's float rounding). A box is suppressed when its IoU with a kept box is
/// strictly above the threshold, as in torchvision and OpenCV. Order is <see cref="ScoreOrder"/>: score
/// descending, ties by lower <see cref="Detection.Index"/>, so results never depend on sort stability.
/// </summary>
public static class Nms
{
    /// <summary>
    /// Sorts <paramref name="detections"/>, suppresses overlaps above <paramref name="iouThreshold"/> and moves
    /// the kept ones to the front in output order. Returns how many were kept (at most
    /// <paramref name="maxDetections"/>). Scratch comes from <see cref="ArrayPool{T}.Shared"/>, so a steady
    /// caller allocates nothing; <see cref="GreedySorted(Span{Detection}, float, bool, int, Span{float})"/>
    /// takes the caller's own.
    /// </summary>
    public static int Greedy(Span<Detection> detections, float iouThreshold, bool classAgnostic, int maxDetections)
    {
        SortByScore(detections);
        int capacity = Math.Min(detections.Length, Math.Max(maxDetections, 0));
        float[] scratch = ArrayPool<float>.Shared.Rent(Math.Max(1, ScratchLength(capacity)));
        try
        {
            return GreedySorted(detections, iouThreshold, classAgnostic, maxDetections, scratch);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Puts <paramref name="detections"/> in output order (score descending, then index, then class).</summary>
    public static void SortByScore(Span<Detection> detections) => ScoreOrder.Sort(detections);

    /// <summary>Floats of scratch <see cref="GreedySorted(Span{Detection}, float, bool, int, Span{float})"/> needs to keep <paramref name="maxKept"/> boxes.</summary>
    public static int ScratchLength(int maxKept) => checked(maxKept * KeptBoxes.Columns);

    /// <summary>
    /// Greedy NMS over detections already in <see cref="SortByScore"/> order. Each candidate is tested against
    /// every box kept so far with the vectorised IoU; kept ones move to the front. Boxes must be finite.
    /// </summary>
    public static int GreedySorted(Span<Detection> sorted, float iouThreshold, bool classAgnostic, int maxDetections, Span<float> scratch) =>
        GreedySorted(sorted, iouThreshold, classAgnostic, maxDetections, scratch, VectorLoop.Widest);

    /// <summary><see cref="GreedySorted(Span{Detection}, float, bool, int, Span{float})"/> with vectors no wider
    /// than <paramref name="maxVectorBits"/> (tests pin each width; 0 = scalar).</summary>
    internal static int GreedySorted(Span<Detection> sorted, float iouThreshold, bool classAgnostic, int maxDetections, Span<float> scratch, int maxVectorBits)
    {
        ThrowHelper.ThrowIfNaN(iouThreshold, nameof(iouThreshold));
        if (maxDetections < 0)
        {
            ThrowHelper.ThrowOutOfRange(nameof(maxDetections), maxDetections, "must not be negative");
        }
        int capacity = Math.Min(sorted.Length, maxDetections);
        if (capacity == 0)
        {
            return 0;
        }
        if (scratch.Length < ScratchLength(capacity))
        {
            ThrowHelper.ThrowShorter(scratch.Length, ScratchLength(capacity), "scratch", nameof(scratch));
        }
        var kept = new KeptBoxes(scratch, capacity);
        int count = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            Detection d = sorted[i];
            float area = d.Box.Area;
            if (kept.Overlaps(d.Box, area, d.ClassId, iouThreshold, classAgnostic, maxVectorBits))
            {
                continue;
            }
            kept.Add(d.Box, area, d.ClassId);
            sorted[count++] = d;
            if (count == capacity)
            {
                break;
            }
        }
        return count;
    }

    /// <summary>
    /// The straightforward reference the fast path is tested against: a stable sort by score, then each
    /// surviving box suppresses every later box of its class above the threshold, pair by pair with
    /// <see cref="BoxF.IoU"/>. Returns the kept detections in output order; O(n²) and allocates.
    /// </summary>
    public static Detection[] GreedyReference(ReadOnlySpan<Detection> detections, float iouThreshold, bool classAgnostic, int maxDetections)
    {
        Detection[] sorted = detections.ToArray();
        // Insertion sort: stable and obviously correct, which is the point of a reference.
        for (int i = 1; i < sorted.Length; i++)
        {
            Detection v = sorted[i];
            int j = i - 1;
            while (j >= 0 && ScoreOrder.Before(v, sorted[j]))
            {
                sorted[j + 1] = sorted[j];
                j--;
            }
            sorted[j + 1] = v;
        }
        var suppressed = new bool[sorted.Length];
        var kept = new List<Detection>();
        for (int i = 0; i < sorted.Length && kept.Count < maxDetections; i++)
        {
            if (suppressed[i])
            {
                continue;
            }
            kept.Add(sorted[i]);
            for (int j = i + 1; j < sorted.Length; j++)
            {
                if ((classAgnostic || sorted[j].ClassId == sorted[i].ClassId) && BoxF.IoU(sorted[i].Box, sorted[j].Box) > iouThreshold)
                {
                    suppressed[j] = true;
                }
            }
        }
        return [.. kept];
    }
}
