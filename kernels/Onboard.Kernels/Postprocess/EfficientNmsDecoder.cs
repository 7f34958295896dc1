namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes models with TensorRT's EfficientNMS (or an equivalent) in the graph: four outputs per image,
/// <c>num_dets [1]</c>, <c>det_boxes [K, 4]</c>, <c>det_scores [K]</c>, <c>det_classes [K]</c>. Only the
/// first <c>num_dets</c> rows are real; the threshold is applied again so a runtime setting above the
/// graph's still holds.
/// </summary>
public static class EfficientNmsDecoder
{
    /// <summary>Writes the candidates in row order and returns how many. <paramref name="classCount"/> 0 means unknown.</summary>
    public static int Decode(
        int detectionCount,
        ReadOnlySpan<float> boxes,
        ReadOnlySpan<float> scores,
        ReadOnlySpan<int> classes,
        int classCount,
        BoxEncoding encoding,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        int k = scores.Length;
        if (boxes.Length < 4L * k)
        {
            ThrowHelper.ThrowShorter(boxes.Length, 4L * k, $"boxes [{k}, 4]", nameof(boxes));
        }
        if (classes.Length < k)
        {
            ThrowHelper.ThrowShorter(classes.Length, k, $"classes [{k}]", nameof(classes));
        }
        if (detectionCount < 0 || detectionCount > k)
        {
            // A count the other outputs cannot back is a corrupt output, not something to clamp silently.
            stats.InvalidIndex++;
            detectionCount = Math.Clamp(detectionCount, 0, k);
        }
        Candidates.RequireCapacity(candidates, detectionCount);
        int count = 0;
        for (int i = 0; i < detectionCount; i++)
        {
            float score = scores[i];
            if (!float.IsFinite(score))
            {
                stats.NonFinite++;
                continue;
            }
            if (!Candidates.TryClass(classes[i], classCount, out int cls))
            {
                stats.InvalidIndex++;
                continue;
            }
            if (thresholds.Passes(score, cls))
            {
                int b = 4 * i;
                Candidates.Add(candidates, ref count, Candidates.Decode(encoding, boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]), score, cls, i, ref stats);
            }
        }
        return count;
    }
}
