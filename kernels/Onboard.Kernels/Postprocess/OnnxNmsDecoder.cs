using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes models with ONNX <c>NonMaxSuppression</c> in the graph: <c>selected_indices [S, 3]</c> (batch,
/// class, box) into the <c>boxes [B, N, 4]</c> and <c>scores [B, C, N]</c> the graph also outputs. The
/// operator allows either diagonal pair of corners, so corner boxes are normalised to (min, max). Rows
/// of other images are skipped; rows pointing outside the tensors are dropped and counted.
/// </summary>
public static class OnnxNmsDecoder
{
    /// <summary>Writes the candidates of image <paramref name="batchIndex"/> in row order and returns how many.
    /// <see cref="Detection.Index"/> is the box index, so ties between classes of one box order by class.</summary>
    public static int Decode(
        ReadOnlySpan<long> selected,
        ReadOnlySpan<float> boxes,
        ReadOnlySpan<float> scores,
        int batchIndex,
        int boxCount,
        int classCount,
        BoxEncoding encoding,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        if (boxCount < 0 || classCount <= 0 || batchIndex < 0)
        {
            ThrowHelper.ThrowArgument($"need N ≥ 0, C > 0 and a batch index, got N={boxCount}, C={classCount}, batch {batchIndex}", nameof(boxCount));
        }
        if (selected.Length % 3 != 0)
        {
            ThrowHelper.ThrowArgument($"selected_indices holds {selected.Length} values, not rows of 3", nameof(selected));
        }
        int rows = selected.Length / 3;
        long boxBase = (long)batchIndex * boxCount * 4;
        long scoreBase = (long)batchIndex * classCount * boxCount;
        if (boxes.Length < boxBase + 4L * boxCount)
        {
            ThrowHelper.ThrowShorter(boxes.Length, boxBase + 4L * boxCount, $"boxes [{batchIndex + 1}.., {boxCount}, 4]", nameof(boxes));
        }
        if (scores.Length < scoreBase + (long)classCount * boxCount)
        {
            ThrowHelper.ThrowShorter(scores.Length, scoreBase + (long)classCount * boxCount, $"scores [{batchIndex + 1}.., {classCount}, {boxCount}]", nameof(scores));
        }
        Candidates.RequireCapacity(candidates, rows);
        int count = 0;
        for (int r = 0; r < rows; r++)
        {
            long batch = selected[3 * r];
            long cls = selected[3 * r + 1];
            long box = selected[3 * r + 2];
            if (batch != batchIndex)
            {
                continue;
            }
            if ((ulong)cls >= (ulong)classCount || (ulong)box >= (ulong)boxCount)
            {
                stats.InvalidIndex++;
                continue;
            }
            float score = scores[(int)(scoreBase + cls * boxCount + box)];
            if (!float.IsFinite(score))
            {
                stats.NonFinite++;
                continue;
            }
            if (thresholds.Passes(score, (int)cls))
            {
                int b = (int)(boxBase + 4 * box);
                BoxF raw = Candidates.Decode(encoding, boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]);
                // Min/Max carry NaN and infinities through, so Add still counts a non-finite box.
                var corners = new BoxF(MathF.Min(raw.X1, raw.X2), MathF.Min(raw.Y1, raw.Y2), MathF.Max(raw.X1, raw.X2), MathF.Max(raw.Y1, raw.Y2));
                Candidates.Add(candidates, ref count, corners, score, (int)cls, (int)box, ref stats);
            }
        }
        return count;
    }
}
