using System.Numerics;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Simd;

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
    /// Blocks of anchors go through <see cref="ColumnMax"/> at the widest vector width the machine has, the
    /// last block overlapping the one before; heads narrower than one block, and any anchor a block flags as
    /// non-finite, go through the scalar path.
    /// </summary>
    public static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats) =>
        Decode(output, classCount, anchorCount, thresholds, candidates, ref stats, VectorLoop.Widest);

    /// <summary><see cref="Decode(ReadOnlySpan{float}, int, int, in ScoreThresholds, Span{Detection}, ref DecodeStats)"/>
    /// with vectors no wider than <paramref name="maxVectorBits"/> (tests pin each width; 0 = scalar).</summary>
    internal static int Decode(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats,
        int maxVectorBits)
    {
        Validate(output, classCount, anchorCount, candidates);
        var block = new BlockState(output, classCount, anchorCount, candidates);
        int count = 0;
        if (Fits<Vector512<float>, Vector512Ops>(maxVectorBits, anchorCount))
        {
            Blocks<Vector512<float>, Vector512Ops>(block, thresholds, ref count, ref stats);
        }
        else if (Fits<Vector256<float>, Vector256Ops>(maxVectorBits, anchorCount))
        {
            Blocks<Vector256<float>, Vector256Ops>(block, thresholds, ref count, ref stats);
        }
        else if (Fits<Vector128<float>, Vector128Ops>(maxVectorBits, anchorCount))
        {
            Blocks<Vector128<float>, Vector128Ops>(block, thresholds, ref count, ref stats);
        }
        else
        {
            for (int a = 0; a < anchorCount; a++)
            {
                Anchor(output, classCount, anchorCount, a, thresholds, candidates, ref count, ref stats);
            }
        }
        return count;
    }

    private static bool Fits<TVec, TOps>(int maxVectorBits, int anchorCount)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec> =>
        VectorLoop.Allows<TVec, TOps>(maxVectorBits) && anchorCount >= 4 * TOps.Count;

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

    /// <summary>
    /// Decodes every anchor in blocks of <c>4 × TOps.Count</c> (at least one fits): whole blocks from the
    /// start, then one ending at the last anchor whose hits on anchors already decoded are masked off.
    /// </summary>
    private static void Blocks<TVec, TOps>(scoped in BlockState s, scoped in ScoreThresholds thresholds, ref int count, ref DecodeStats stats)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        int size = 4 * TOps.Count;
        int n = s.AnchorCount;
        ReadOnlySpan<float> scores = s.Output.Slice(4 * n, s.ClassCount * n);
        Span<float> best = stackalloc float[64];
        Span<int> classes = stackalloc int[64];
        int a = 0;
        for (; a <= n - size; a += size)
        {
            ulong hits = ColumnMax.Block<TVec, TOps>(scores, a, n, s.ClassCount, thresholds.Minimum, best, out ulong nonFinite);
            if (hits != 0)
            {
                Hits<TVec, TOps>(s, scores, a, hits, nonFinite, best, classes, thresholds, ref count, ref stats);
            }
        }
        if (a < n)
        {
            int start = n - size;
            ulong hits = ColumnMax.Block<TVec, TOps>(scores, start, n, s.ClassCount, thresholds.Minimum, best, out ulong nonFinite);
            hits &= ulong.MaxValue << (a - start);
            if (hits != 0)
            {
                Hits<TVec, TOps>(s, scores, start, hits, nonFinite, best, classes, thresholds, ref count, ref stats);
            }
        }
    }

    /// <summary>The flagged anchors of the block at <paramref name="start"/>, in anchor order.</summary>
    private static void Hits<TVec, TOps>(scoped in BlockState s, ReadOnlySpan<float> scores, int start, ulong hits, ulong nonFinite,
        ReadOnlySpan<float> best, Span<int> classes, scoped in ScoreThresholds thresholds, ref int count, ref DecodeStats stats)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        int n = s.AnchorCount;
        int width = TOps.Count;
        ulong lanes = (1UL << width) - 1; // width ≤ 16
        for (int v = 0; v < 4; v++)
        {
            ulong pending = ((hits & ~nonFinite) >> (v * width)) & lanes;
            if (pending != 0)
            {
                ColumnMax.Classes<TVec, TOps>(scores, start + v * width, n, s.ClassCount, best[(v * width)..], pending, classes[(v * width)..]);
            }
        }
        while (hits != 0)
        {
            int t = BitOperations.TrailingZeroCount(hits);
            hits &= hits - 1;
            if ((nonFinite >> t & 1) != 0)
            {
                // A NaN or infinity somewhere, or a sum of huge scores that overflowed: decide exactly.
                Anchor(s.Output, s.ClassCount, n, start + t, thresholds, s.Candidates, ref count, ref stats);
                continue;
            }
            int cls = classes[t];
            float score = scores[cls * n + start + t]; // the reference's own value (max may pick −0 for +0)
            if (thresholds.Passes(score, cls))
            {
                Add(s.Output, n, start + t, score, cls, s.Candidates, ref count, ref stats);
            }
        }
    }

    /// <summary>One anchor, every class, exactly: the reference, the tail after the blocks, and the re-check of flagged anchors.</summary>
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
            Add(output, n, a, best, cls, candidates, ref count, ref stats);
        }
    }

    private static void Add(ReadOnlySpan<float> output, int n, int a, float score, int cls, Span<Detection> candidates, ref int count, ref DecodeStats stats) =>
        Candidates.Add(candidates, ref count, BoxF.FromCenter(output[a], output[n + a], output[2 * n + a], output[3 * n + a]), score, cls, a, ref stats);

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

    /// <summary>What every block of one call shares, passed as one value.</summary>
    private readonly ref struct BlockState(ReadOnlySpan<float> output, int classCount, int anchorCount, Span<Detection> candidates)
    {
        public ReadOnlySpan<float> Output { get; } = output;
        public int ClassCount { get; } = classCount;
        public int AnchorCount { get; } = anchorCount;
        public Span<Detection> Candidates { get; } = candidates;
    }
}
