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
    /// <summary>Anchors per tile: the running maxima of a tile stay in L1 while every class row streams
    /// through it, and each row is read as one contiguous run the prefetcher follows.</summary>
    private const int Tile = 512;

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
        Span<float> best = stackalloc float[Tile];
        Span<float> flags = stackalloc float[Tile];
        Span<int> hits = stackalloc int[Tile];
        float prefilter = thresholds.Minimum;
        int count = 0;
        for (int start = 0; start < n; start += Tile)
        {
            int len = Math.Min(Tile, n - start);
            Span<float> b = best[..len];
            Span<float> f = flags[..len];
            b.Fill(float.NegativeInfinity);
            f.Clear();
            for (int c = 0; c < classCount; c++)
            {
                ColumnMax.Accumulate(output.Slice((4 + c) * n + start, len), b, f);
            }
            int h = ColumnMax.Flagged(b, f, prefilter, hits);
            for (int k = 0; k < h; k++)
            {
                int t = hits[k];
                int a = start + t;
                if (BitConverter.SingleToUInt32Bits(f[t]) != 0)
                {
                    stats.NonFinite++;
                    continue;
                }
                float score = b[t];
                int cls = 0;
                while (output[(4 + cls) * n + a] != score)
                {
                    cls++;
                }
                if (!thresholds.Passes(score, cls))
                {
                    continue;
                }
                BoxF box = BoxF.FromCenter(output[a], output[n + a], output[2 * n + a], output[3 * n + a]);
                Candidates.Add(candidates, ref count, box, score, cls, a, ref stats);
            }
        }
        return count;
    }

    /// <summary>The scalar reference the tiled decoder is tested against: one anchor at a time, every class.</summary>
    public static int DecodeReference(
        ReadOnlySpan<float> output,
        int classCount,
        int anchorCount,
        scoped in ScoreThresholds thresholds,
        Span<Detection> candidates,
        ref DecodeStats stats)
    {
        int n = anchorCount;
        Validate(output, classCount, anchorCount, candidates);
        int count = 0;
        for (int a = 0; a < n; a++)
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
                continue;
            }
            if (thresholds.Passes(best, cls))
            {
                BoxF box = BoxF.FromCenter(output[a], output[n + a], output[2 * n + a], output[3 * n + a]);
                Candidates.Add(candidates, ref count, box, best, cls, a, ref stats);
            }
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
