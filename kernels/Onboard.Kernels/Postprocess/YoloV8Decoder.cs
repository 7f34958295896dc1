using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes the YOLOv8/YOLO11 detection head, one image of <c>[4 + C, N]</c> (row-major): rows 0–3 are
/// cx, cy, w, h in input pixels, rows 4.. are per-class scores already through a sigmoid; no objectness.
/// </summary>
public static class YoloV8Decoder
{
    /// <summary>
    /// Writes every anchor whose best class score reaches <paramref name="scoreThreshold"/> to
    /// <paramref name="candidates"/> and returns how many. Non-finite scores and boxes are skipped and
    /// counted in <paramref name="rejectedNonFinite"/>; empty boxes are skipped.
    /// </summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        float scoreThreshold,
        Span<Detection> candidates,
        out int rejectedNonFinite)
    {
        int rows = 4 + classCount;
        if (classCount <= 0 || anchorCount <= 0)
        {
            throw new ArgumentException($"a YOLOv8 head needs classes and anchors, got C={classCount}, N={anchorCount}");
        }
        if (output.Length < rows * anchorCount)
        {
            throw new ArgumentException($"output of {output.Length} floats is shorter than [{rows}, {anchorCount}]", nameof(output));
        }
        rejectedNonFinite = 0;
        int count = 0;
        int n = anchorCount;
        for (int i = 0; i < n; i++)
        {
            float best = output[4 * n + i];
            int bestClass = 0;
            for (int c = 1; c < classCount; c++)
            {
                float s = output[(4 + c) * n + i];
                if (s > best)
                {
                    best = s;
                    bestClass = c;
                }
            }
            if (!(best >= scoreThreshold))
            {
                // NaN compares false both ways: count it rather than let it through.
                if (float.IsNaN(best))
                {
                    rejectedNonFinite++;
                }
                continue;
            }
            float cx = output[i];
            float cy = output[n + i];
            float w = output[2 * n + i];
            float h = output[3 * n + i];
            if (!float.IsFinite(cx) || !float.IsFinite(cy) || !float.IsFinite(w) || !float.IsFinite(h) || float.IsInfinity(best))
            {
                rejectedNonFinite++;
                continue;
            }
            if (w <= 0 || h <= 0)
            {
                continue;
            }
            if (count == candidates.Length)
            {
                break;
            }
            candidates[count++] = new Detection(BoxF.FromCenter(cx, cy, w, h), best, bestClass, i);
        }
        return count;
    }
}
