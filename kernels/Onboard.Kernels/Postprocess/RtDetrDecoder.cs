using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes RT-DETR (Ultralytics export), one image of <c>[Q, 4 + C]</c>: cx, cy, w, h normalised to [0, 1]
/// of the input, then per-class scores already through a sigmoid. No NMS: each query is one object. As
/// Ultralytics' RT-DETR predictor: best class per query, kept when above the threshold; the box goes to
/// corners first and is then scaled to input pixels.
/// </summary>
public static class RtDetrDecoder
{
    /// <summary>Writes the candidates in query order and returns how many.</summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int queryCount,
        int inputWidth,
        int inputHeight,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        if (classCount <= 0 || queryCount < 0 || inputWidth <= 0 || inputHeight <= 0)
        {
            ThrowHelper.ThrowArgument($"RT-DETR needs C > 0, Q ≥ 0 and the input size, got C={classCount}, Q={queryCount}, input {inputWidth}x{inputHeight}", nameof(classCount));
        }
        int channels = 4 + classCount;
        if (output.Length < (long)queryCount * channels)
        {
            ThrowHelper.ThrowShorter(output.Length, (long)queryCount * channels, $"output [{queryCount}, {channels}]", nameof(output));
        }
        Candidates.RequireCapacity(candidates, queryCount);
        float w = inputWidth;
        float h = inputHeight;
        int count = 0;
        for (int q = 0; q < queryCount; q++)
        {
            ReadOnlySpan<float> row = output.Slice(q * channels, channels);
            if (!Candidates.ArgMax(row.Slice(4, classCount), 1f, out float score, out int cls))
            {
                stats.NonFinite++;
                continue;
            }
            if (thresholds.Passes(score, cls))
            {
                BoxF n = BoxF.FromCenter(row[0], row[1], row[2], row[3]);
                Candidates.Add(candidates, ref count, new BoxF(n.X1 * w, n.Y1 * h, n.X2 * w, n.Y2 * h), score, cls, q, ref stats);
            }
        }
        return count;
    }
}
