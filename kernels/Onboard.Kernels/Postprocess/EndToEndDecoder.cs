namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes end-to-end heads that need no NMS (YOLOv10, YOLO26), one image of <c>[K, 6]</c>: x1, y1, x2, y2
/// in input pixels, score, class id (as a float). Rows at or below the threshold are skipped as Ultralytics
/// does; rows whose class is not a whole number in range are dropped and counted.
/// </summary>
public static class EndToEndDecoder
{
    public const int Channels = 6;

    /// <summary>Writes the candidates in row order and returns how many. <paramref name="classCount"/> 0 means unknown.</summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int rowCount,
        int classCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        if (rowCount < 0)
        {
            ThrowHelper.ThrowOutOfRange(nameof(rowCount), rowCount, "must not be negative");
        }
        if (output.Length < (long)rowCount * Channels)
        {
            ThrowHelper.ThrowShorter(output.Length, (long)rowCount * Channels, $"output [{rowCount}, 6]", nameof(output));
        }
        Candidates.RequireCapacity(candidates, rowCount);
        float prefilter = thresholds.Minimum;
        int count = 0;
        for (int k = 0; k < rowCount; k++)
        {
            ReadOnlySpan<float> row = output.Slice(k * Channels, Channels);
            float score = row[4];
            if (!float.IsFinite(score))
            {
                stats.NonFinite++;
                continue;
            }
            if (!(score > prefilter))
            {
                continue;
            }
            if (!Candidates.TryClass(row[5], classCount, out int cls))
            {
                stats.InvalidIndex++;
                continue;
            }
            if (thresholds.Passes(score, cls))
            {
                Candidates.Add(candidates, ref count, Candidates.Decode(BoxEncoding.Xyxy, row[0], row[1], row[2], row[3]), score, cls, k, ref stats);
            }
        }
        return count;
    }
}
