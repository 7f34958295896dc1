using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Gaussian soft-NMS (Bodla et al., 2017): instead of deleting a box that overlaps a kept one, its score is
/// multiplied by <c>exp(−IoU² / σ)</c>; a box is dropped once its score is no longer above the threshold.
/// Per-class unless agnostic, like <see cref="Nms"/>, and with the same tie order.
/// </summary>
public static class SoftNms
{
    /// <summary>The σ the paper and mmcv default to.</summary>
    public const float DefaultSigma = 0.5f;

    /// <summary>
    /// Repeatedly takes the best remaining detection (score, then index) and decays the rest. The taken ones
    /// end up at the front, in the order taken, with their decayed scores; returns how many (at most
    /// <paramref name="maxDetections"/>). O(kept × n): it is meant for the candidates of one frame.
    /// </summary>
    public static int Gaussian(Span<Detection> detections, float sigma, float scoreThreshold, bool classAgnostic, int maxDetections)
    {
        if (!(sigma > 0))
        {
            ThrowHelper.ThrowOutOfRange(nameof(sigma), sigma, "must be positive");
        }
        ThrowHelper.ThrowIfNaN(scoreThreshold, nameof(scoreThreshold));
        int n = 0;
        for (int j = 0; j < detections.Length; j++)
        {
            if (detections[j].Score > scoreThreshold)
            {
                detections[n++] = detections[j];
            }
        }
        int taken = 0;
        while (taken < n && taken < maxDetections)
        {
            int best = taken;
            for (int j = taken + 1; j < n; j++)
            {
                if (ScoreOrder.Before(detections[j], detections[best]))
                {
                    best = j;
                }
            }
            (detections[taken], detections[best]) = (detections[best], detections[taken]);
            Detection m = detections[taken++];
            int write = taken;
            for (int j = taken; j < n; j++)
            {
                Detection d = detections[j];
                if (classAgnostic || d.ClassId == m.ClassId)
                {
                    float iou = BoxF.IoU(m.Box, d.Box);
                    if (iou > 0)
                    {
                        d.Score *= MathF.Exp(-(iou * iou) / sigma);
                    }
                }
                if (d.Score > scoreThreshold)
                {
                    detections[write++] = d;
                }
            }
            n = write;
        }
        return taken;
    }
}
