using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes anchor-major heads with objectness, one image of <c>[N, 5 + C (+ M)]</c>: cx, cy, w, h in input
/// pixels, objectness, C class scores (YOLOv5, YOLOv7, YOLOX with decoding in the graph), then ignored extra
/// columns (mask coefficients). As Ultralytics' YOLOv5 NMS: an anchor is considered when its objectness is
/// above the threshold, and scored as objectness × its best class score, which must be above it too.
/// </summary>
public static class YoloV5Decoder
{
    /// <summary>
    /// Writes the candidates in anchor order and returns how many. <paramref name="channels"/> is the row
    /// length (5 + C, more with masks). A non-finite objectness, or a non-finite class score or box of an
    /// anchor that passed objectness, drops the anchor and is counted.
    /// </summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        int channels,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        if (classCount <= 0 || anchorCount <= 0 || channels < 5 + classCount)
        {
            ThrowHelper.ThrowArgument($"a YOLOv5 head needs N > 0, C > 0 and rows of at least 5 + C, got N={anchorCount}, C={classCount}, row {channels}", nameof(channels));
        }
        if (output.Length < (long)anchorCount * channels)
        {
            ThrowHelper.ThrowShorter(output.Length, (long)anchorCount * channels, $"output [{anchorCount}, {channels}]", nameof(output));
        }
        Candidates.RequireCapacity(candidates, anchorCount);
        float prefilter = thresholds.Minimum;
        int count = 0;
        for (int a = 0; a < anchorCount; a++)
        {
            ReadOnlySpan<float> row = output.Slice(a * channels, channels);
            float objectness = row[4];
            if (!float.IsFinite(objectness))
            {
                stats.NonFinite++;
                continue;
            }
            if (!(objectness > prefilter))
            {
                continue;
            }
            if (!Candidates.ArgMax(row.Slice(5, classCount), objectness, out float score, out int cls))
            {
                stats.NonFinite++;
                continue;
            }
            if (thresholds.Passes(score, cls))
            {
                BoxF box = BoxF.FromCenter(row[0], row[1], row[2], row[3]);
                Candidates.Add(candidates, ref count, box, score, cls, a, ref stats);
            }
        }
        return count;
    }
}
