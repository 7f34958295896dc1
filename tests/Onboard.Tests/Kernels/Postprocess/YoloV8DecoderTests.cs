using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Kernels.Simd;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class YoloV8DecoderTests
{
    /// <summary>A <c>[4 + C + M, N]</c> head with every score 0.01 and boxes 10×10 at the anchor index.</summary>
    internal static float[] Head(int classes, int anchors, int masks = 0)
    {
        var o = new float[(4 + classes + masks) * anchors];
        for (int a = 0; a < anchors; a++)
        {
            o[a] = 10 * a;
            o[anchors + a] = 20;
            o[2 * anchors + a] = 10;
            o[3 * anchors + a] = 10;
            for (int c = 0; c < classes; c++)
            {
                o[(4 + c) * anchors + a] = 0.01f;
            }
        }
        return o;
    }

    internal static void Set(float[] o, int anchors, int anchor, float cx, float cy, float w, float h, params float[] scores)
    {
        o[anchor] = cx;
        o[anchors + anchor] = cy;
        o[2 * anchors + anchor] = w;
        o[3 * anchors + anchor] = h;
        for (int c = 0; c < scores.Length; c++)
        {
            o[(4 + c) * anchors + anchor] = scores[c];
        }
    }

    [Fact]
    public void Decode_KnownAnchor_EmitsItsBestClassWithCornerBox()
    {
        float[] o = Head(3, 20);
        Set(o, 20, 5, 100, 50, 20, 10, 0.1f, 0.9f, 0.3f);
        var candidates = new Detection[20];
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.Decode(o, 3, 20, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(1, n);
        Assert.Equal(new Detection(new BoxF(90, 45, 110, 55), 0.9f, 1, 5), candidates[0]);
        Assert.Equal(0, stats.Total);
    }

    [Fact]
    public void Decode_ScoreEqualToThreshold_IsNotACandidate()
    {
        float[] o = Head(2, 8);
        Set(o, 8, 3, 50, 50, 10, 10, 0.25f, 0.1f);
        var stats = default(DecodeStats);
        Assert.Equal(0, YoloV8Decoder.Decode(o, 2, 8, new ScoreThresholds(0.25f), new Detection[8], ref stats));
    }

    [Fact]
    public void Decode_TiedClassScores_TakesTheFirstClassAsArgmaxDoes()
    {
        float[] o = Head(4, 8);
        Set(o, 8, 2, 50, 50, 10, 10, 0.2f, 0.7f, 0.1f, 0.7f);
        var candidates = new Detection[8];
        var stats = default(DecodeStats);
        Assert.Equal(1, YoloV8Decoder.Decode(o, 4, 8, new ScoreThresholds(0.25f), candidates, ref stats));
        Assert.Equal(1, candidates[0].ClassId);
    }

    [Fact]
    public void Decode_MaskCoefficientRows_AreIgnored()
    {
        float[] o = Head(3, 40, masks: 32);
        Set(o, 40, 7, 100, 50, 20, 10, 0.1f, 0.2f, 0.8f);
        // Mask rows hold values that would win any argmax (or poison it) if they were read as classes.
        for (int i = (4 + 3) * 40; i < o.Length; i++)
        {
            o[i] = i % 2 == 0 ? 5f : float.NaN;
        }
        var candidates = new Detection[40];
        var stats = default(DecodeStats);
        Assert.Equal(1, YoloV8Decoder.Decode(o, 3, 40, new ScoreThresholds(0.25f), candidates, ref stats));
        Assert.Equal((2, 7), (candidates[0].ClassId, candidates[0].Index));
        Assert.Equal(0, stats.NonFinite);
    }

    [Fact]
    public void Decode_PerClassThresholds_JudgeEachAnchorByItsBestClass()
    {
        float[] o = Head(3, 10);
        Set(o, 10, 1, 50, 50, 10, 10, 0.5f, 0, 0);   // class 0 needs > 0.6: dropped
        Set(o, 10, 2, 50, 50, 10, 10, 0, 0.5f, 0);   // class 1 needs > 0.4: kept
        Set(o, 10, 3, 50, 50, 10, 10, 0, 0, 0.3f);   // class 2 falls back to the default 0.25: kept
        var candidates = new Detection[10];
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.Decode(o, 3, 10, new ScoreThresholds(0.25f, [0.6f, 0.4f]), candidates, ref stats);
        Assert.Equal([2, 3], NmsCases.Indices(candidates.AsSpan(0, n)));
    }

    [Fact]
    public void Decode_NonFiniteScoresAndBoxes_AreDroppedAndCounted()
    {
        float[] o = Head(2, 16);
        Set(o, 16, 0, 50, 50, 10, 10, float.NaN, 0.1f);              // NaN score (max would hide it)
        Set(o, 16, 1, 50, 50, 10, 10, 0.9f, float.NegativeInfinity); // -Inf score
        Set(o, 16, 2, float.PositiveInfinity, 50, 10, 10, 0.9f, 0);  // Inf box above threshold
        Set(o, 16, 3, float.NaN, 50, 10, 10, 0.1f, 0);               // NaN box below threshold: never read
        Set(o, 16, 4, 50, 50, 0, 10, 0.9f, 0);                       // zero width
        Set(o, 16, 5, 50, 50, 10, -3, 0.9f, 0);                      // negative height
        Set(o, 16, 6, 50, 50, 10, 10, 0.9f, 0);                      // the only good one
        var candidates = new Detection[16];
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.Decode(o, 2, 16, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal([6], NmsCases.Indices(candidates.AsSpan(0, n)));
        Assert.Equal(3, stats.NonFinite);
        Assert.Equal(2, stats.Degenerate);
    }

    [Fact]
    public void Decode_HugeFiniteScoresWhoseSumOverflows_AreCandidatesNotNonFinite()
    {
        // 64 anchors: the vector block path, whose non-finite test is a running sum.
        float[] o = Head(4, 64);
        Set(o, 64, 9, 50, 50, 10, 10, 3e38f, 2e38f, 3.1e38f, 1e38f);
        var candidates = new Detection[64];
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.Decode(o, 4, 64, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(1, n);
        Assert.Equal((2, 3.1e38f, 9), (candidates[0].ClassId, candidates[0].Score, candidates[0].Index));
        Assert.Equal(0, stats.NonFinite);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(7, 119)]
    [InlineData(80, 511)]
    [InlineData(80, 512)]
    [InlineData(5, 513)]
    [InlineData(80, 2100)]
    [InlineData(2, 8400)]
    public void Decode_RandomHeadsWithNonFiniteValues_EqualsScalarReference(int classes, int anchors)
    {
        var random = new Random(classes * 10_000 + anchors);
        var o = new float[(4 + classes) * anchors];
        for (int i = 0; i < o.Length; i++)
        {
            double u = random.NextDouble();
            o[i] = i < 4 * anchors
                ? (float)(random.NextDouble() * 100 - 5)                      // boxes, a few with w or h ≤ 0
                : (float)Math.Pow(random.NextDouble(), 6);                    // scores mostly near 0
            if (u < 0.002)
            {
                o[i] = u < 0.001 ? float.NaN : (u < 0.0015 ? float.PositiveInfinity : float.NegativeInfinity);
            }
        }
        var fast = new Detection[anchors];
        var reference = new Detection[anchors];
        var fastStats = default(DecodeStats);
        var referenceStats = default(DecodeStats);
        var thresholds = new ScoreThresholds(0.3f, [0.5f]);
        int nf = YoloV8Decoder.Decode(o, classes, anchors, thresholds, fast, ref fastStats);
        int nr = YoloV8Decoder.DecodeReference(o, classes, anchors, thresholds, reference, ref referenceStats);
        Assert.Equal(reference.AsSpan(0, nr).ToArray(), fast.AsSpan(0, nf).ToArray());
        Assert.Equal(referenceStats, fastStats);
    }

    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void Decode_EveryAnchorCount1To200AndTheYoloHead_EveryWidthEqualsScalarReference(int bits)
    {
        // Anchor counts 1..200 end on every tail of every block size (16, 32, 64 anchors), so the final
        // overlapping block and its masking of already decoded anchors are exercised at each.
        foreach ((int classes, int anchors) in Enumerable.Range(1, 200).Select(a => (1 + a % 7, a)).Append((80, 8400)))
        {
            var random = new Random(bits * 1000 + anchors);
            var o = new float[(4 + classes) * anchors];
            for (int i = 0; i < o.Length; i++)
            {
                double u = random.NextDouble();
                o[i] = i < 4 * anchors ? (float)(random.NextDouble() * 100 - 5) : (float)Math.Pow(random.NextDouble(), 4);
                if (u < 0.003)
                {
                    o[i] = u < 0.001 ? float.NaN : (u < 0.002 ? float.PositiveInfinity : float.NegativeInfinity);
                }
                else if (u < 0.01 && i >= 4 * anchors)
                {
                    o[i] = i % 2 == 0 ? 0f : -0f; // ties of zeros and negative zeros
                }
            }
            var fast = new Detection[anchors];
            var reference = new Detection[anchors];
            var fastStats = default(DecodeStats);
            var referenceStats = default(DecodeStats);
            var thresholds = new ScoreThresholds(0.3f, [0.5f, -0.01f]);
            int nf = YoloV8Decoder.Decode(o, classes, anchors, thresholds, fast, ref fastStats, bits);
            int nr = YoloV8Decoder.DecodeReference(o, classes, anchors, thresholds, reference, ref referenceStats);
            Assert.True(reference.AsSpan(0, nr).SequenceEqual(fast.AsSpan(0, nf)), $"{bits} bits, {classes}x{anchors}");
            for (int i = 0; i < nr; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(reference[i].Score) == BitConverter.SingleToInt32Bits(fast[i].Score), $"{bits} bits, {classes}x{anchors}: score bits of {i}");
            }
            Assert.Equal(referenceStats, fastStats);
        }
    }

    [Fact]
    public void Decode_CandidateBufferShorterThanAnchors_Throws()
    {
        var stats = default(DecodeStats);
        var e = Assert.Throws<ArgumentException>(() => YoloV8Decoder.Decode(Head(2, 10), 2, 10, new ScoreThresholds(0.25f), new Detection[9], ref stats));
        Assert.Contains("can yield 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OutputShorterThanShape_SaysWhatWasExpected()
    {
        var stats = default(DecodeStats);
        var e = Assert.Throws<ArgumentException>(() => YoloV8Decoder.Decode(new float[50], 2, 10, new ScoreThresholds(0.25f), new Detection[10], ref stats));
        Assert.Contains("[4 + 2, 10]", e.Message, StringComparison.Ordinal);
    }
}
