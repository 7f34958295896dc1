using System.Numerics;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Decodes the YOLOv8/YOLO11 detection head, one image of <c>[4 + C (+ M), N]</c> (row-major): rows 0–3
/// are cx, cy, w, h in input pixels, the next C rows per-class scores already through a sigmoid (no
/// objectness), and any further rows (segmentation mask coefficients) are ignored. An anchor becomes a
/// candidate with its best class (first on ties) when that score is above the threshold (Ultralytics'
/// <c>multi_label=False</c>).
/// </summary>
public static class YoloV8Decoder
{
    /// <summary>The foundation's entry point, kept for its callers: one threshold, non-finite count only.</summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        float scoreThreshold,
        Span<Detection> candidates,
        out int rejectedNonFinite)
    {
        var stats = default(DecodeStats);
        int n = Decode(output, classCount, anchorCount, new ScoreThresholds(scoreThreshold), candidates, ref stats);
        rejectedNonFinite = (int)stats.NonFinite;
        return n;
    }

    /// <summary>
    /// Writes the candidates, in anchor order, to <paramref name="candidates"/> (which must hold
    /// <paramref name="anchorCount"/>) and returns how many. An anchor with a NaN or infinite class score,
    /// or above threshold with a non-finite box, is dropped and counted; so is an empty box.
    /// </summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        int n = anchorCount;
        Validate(output, classCount, anchorCount, candidates);
        ReadOnlySpan<float> scores = output.Slice(4 * n, classCount * n);
        Span<float> best = stackalloc float[64];
        Span<float> classes = stackalloc float[64];
        Span<float> sums = stackalloc float[64];
        float prefilter = thresholds.Minimum;
        int count = 0;
        int a = 0;
        // Widest blocks first; what is left (fewer than 16 anchors) goes one by one.
        if (Vector512.IsHardwareAccelerated)
        {
            for (; a <= n - 64; a += 64)
            {
                ulong hits = ColumnMax.Block512(scores, a, n, classCount, prefilter, best, classes, sums);
                if (hits != 0)
                {
                    Emit(output, classCount, n, a, hits, best, classes, sums, thresholds, candidates, ref count, ref stats);
                }
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; a <= n - 32; a += 32)
            {
                ulong hits = ColumnMax.Block256(scores, a, n, classCount, prefilter, best, classes, sums);
                if (hits != 0)
                {
                    Emit(output, classCount, n, a, hits, best, classes, sums, thresholds, candidates, ref count, ref stats);
                }
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; a <= n - 16; a += 16)
            {
                ulong hits = ColumnMax.Block128(scores, a, n, classCount, prefilter, best, classes, sums);
                if (hits != 0)
                {
                    Emit(output, classCount, n, a, hits, best, classes, sums, thresholds, candidates, ref count, ref stats);
                }
            }
        }
        for (; a < n; a++)
        {
            Anchor(output, classCount, n, a, thresholds, candidates, ref count, ref stats);
        }
        return count;
    }

    /// <summary>The anchors of a block whose bit is set: above the prefilter, or with a sum that was not finite.</summary>
    private static void Emit(ReadOnlySpan<float> output, int classCount, int n, int block, ulong hits, ReadOnlySpan<float> best, ReadOnlySpan<float> classes, ReadOnlySpan<float> sums,
        scoped in ScoreThresholds thresholds, Span<Detection> candidates, ref int count, ref DecodeStats stats)
    {
        do
        {
            int t = BitOperations.TrailingZeroCount(hits);
            hits &= hits - 1;
            int a = block + t;
            float score = best[t];
            if (!float.IsFinite(sums[t]))
            {
                // A NaN or infinity somewhere, or a sum of huge scores that overflowed: decide exactly.
                Anchor(output, classCount, n, a, thresholds, candidates, ref count, ref stats);
                continue;
            }
            int cls = (int)classes[t];
            if (thresholds.Passes(score, cls))
            {
                BoxF box = BoxF.FromCenter(output[a], output[n + a], output[2 * n + a], output[3 * n + a]);
                Candidates.Add(candidates, ref count, box, score, cls, a, ref stats);
            }
        }
        while (hits != 0);
    }

    /// <summary>One anchor, every class, exactly: the tail of the blocks and the re-check of flagged anchors.</summary>
    private static void Anchor(ReadOnlySpan<float> output, int classCount, int n, int a,
        scoped in ScoreThresholds thresholds, Span<Detection> candidates, ref int count, ref DecodeStats stats)
    {
        float best = float.NegativeInfinity;
        int cls = 0;
        bool finite = true;
        for (int c = 0; c < classCount; c++)
        {
            float s = output[(4 + c) * n + a];
            finite &= float.IsFinite(s);
            if (s > best)
            {
                best = s;
                cls = c;
            }
        }
        if (!finite)
        {
            stats.NonFinite++;
            return;
        }
        if (thresholds.Passes(best, cls))
        {
            BoxF box = BoxF.FromCenter(output[a], output[n + a], output[2 * n + a], output[3 * n + a]);
            Candidates.Add(candidates, ref count, box, best, cls, a, ref stats);
        }
    }

    /// <summary>The scalar reference the blocked decoder is tested against: one anchor at a time, every class.</summary>
    public static int DecodeReference(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        Validate(output, classCount, anchorCount, candidates);
        int count = 0;
        for (int a = 0; a < anchorCount; a++)
        {
            Anchor(output, classCount, anchorCount, a, thresholds, candidates, ref count, ref stats);
        }
        return count;
    }

    private static void Validate(ReadOnlySpan<float> output, int classCount, int anchorCount, Span<Detection> candidates)
    {
        if (classCount <= 0 || anchorCount <= 0)
        {
            ThrowHelper.ThrowArgument($"a YOLOv8 head needs classes and anchors, got C={classCount}, N={anchorCount}", nameof(classCount));
        }
        if (output.Length < (4L + classCount) * anchorCount)
        {
            ThrowHelper.ThrowShorter(output.Length, (4L + classCount) * anchorCount, $"output [4 + {classCount}, {anchorCount}]", nameof(output));
        }
        Candidates.RequireCapacity(candidates, anchorCount);
    }
}
