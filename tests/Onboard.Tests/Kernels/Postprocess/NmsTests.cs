using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Kernels.Simd;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class NmsTests
{
    [Fact]
    public void Greedy_ThousandsOfRandomCases_EqualsStraightforwardReference()
    {
        var random = new Random(2024);
        int cases = 0;
        foreach (NmsCases.Kind kind in Enum.GetValues<NmsCases.Kind>())
        {
            for (int i = 0; i < 500; i++)
            {
                Detection[] input = NmsCases.Generate(random, kind, classes: 1 + random.Next(4));
                float iou = i % 2 == 0 ? NmsCases.s_thresholds[random.Next(NmsCases.s_thresholds.Length)] : (float)random.NextDouble();
                bool agnostic = random.Next(2) == 0;
                int maxDet = random.Next(4) == 0 ? random.Next(1, 20) : 300;
                Detection[] expected = Nms.GreedyReference(input, iou, agnostic, maxDet);
                Detection[] actual = (Detection[])input.Clone();
                int kept = Nms.Greedy(actual, iou, agnostic, maxDet);
                Assert.True(NmsCases.Indices(expected).AsSpan().SequenceEqual(NmsCases.Indices(actual.AsSpan(0, kept))),
                    $"{kind} case {i} (n={input.Length}, iou={iou}, agnostic={agnostic}, maxDet={maxDet}): " +
                    $"expected [{string.Join(", ", NmsCases.Indices(expected))}] got [{string.Join(", ", NmsCases.Indices(actual.AsSpan(0, kept)))}]");
                cases++;
            }
        }
        Assert.Equal(3000, cases);
    }

    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void GreedySorted_EveryWidth_EqualsStraightforwardReference(int bits)
    {
        // Up to 160 candidates: the kept list grows through every tail of every vector width.
        var random = new Random(bits + 7);
        foreach (NmsCases.Kind kind in Enum.GetValues<NmsCases.Kind>())
        {
            for (int i = 0; i < 150; i++)
            {
                Detection[] input = NmsCases.Generate(random, kind, classes: 1 + random.Next(4));
                float iou = NmsCases.s_thresholds[random.Next(NmsCases.s_thresholds.Length)];
                bool agnostic = random.Next(2) == 0;
                Detection[] expected = Nms.GreedyReference(input, iou, agnostic, 300);
                Detection[] actual = (Detection[])input.Clone();
                Nms.SortByScore(actual);
                int kept = Nms.GreedySorted(actual, iou, agnostic, 300, new float[Nms.ScratchLength(Math.Max(1, actual.Length))], bits);
                Assert.True(NmsCases.Indices(expected).AsSpan().SequenceEqual(NmsCases.Indices(actual.AsSpan(0, kept))),
                    $"{bits} bits, {kind} case {i} (n={input.Length}, iou={iou}, agnostic={agnostic})");
            }
        }
    }

    [Fact]
    public void Greedy_IdenticalBoxesAndScores_KeepsTheLowestIndex()
    {
        var box = new BoxF(10, 10, 50, 50);
        Detection[] d = [new(box, 0.5f, 0, 7), new(box, 0.5f, 0, 3), new(box, 0.5f, 0, 5)];
        int kept = Nms.Greedy(d, 0.7f, classAgnostic: false, 300);
        Assert.Equal(1, kept);
        Assert.Equal(3, d[0].Index);
    }

    [Fact]
    public void Greedy_OverlappingBoxesOfTwoClasses_PerClassKeepsBothAgnosticKeepsOne()
    {
        Detection[] Make() => [new(new BoxF(0, 0, 10, 10), 0.9f, 0, 0), new(new BoxF(1, 0, 11, 10), 0.8f, 1, 1)];
        Detection[] perClass = Make();
        Detection[] agnostic = Make();
        Assert.Equal(2, Nms.Greedy(perClass, 0.5f, classAgnostic: false, 300));
        Assert.Equal(1, Nms.Greedy(agnostic, 0.5f, classAgnostic: true, 300));
        Assert.Equal(0, agnostic[0].Index);
    }

    [Fact]
    public void Greedy_IoUExactlyAtThreshold_KeepsBothBecauseSuppressionIsStrict()
    {
        // IoU of [0,0,2,1] and [1,0,3,1] is 1/3 exactly as float arithmetic computes it.
        Detection[] d = [new(new BoxF(0, 0, 2, 1), 0.9f, 0, 0), new(new BoxF(1, 0, 3, 1), 0.8f, 0, 1)];
        float iou = BoxF.IoU(d[0].Box, d[1].Box);
        Assert.Equal(2, Nms.Greedy(d, iou, false, 300));
        Assert.Equal(1, Nms.Greedy(d, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(iou) - 1), false, 300));
    }

    [Fact]
    public void Greedy_EmptyInputOrZeroMaxDetections_ReturnsZero()
    {
        Assert.Equal(0, Nms.Greedy([], 0.5f, false, 300));
        Detection[] d = [new(new BoxF(0, 0, 1, 1), 0.9f, 0, 0)];
        Assert.Equal(0, Nms.Greedy(d, 0.5f, false, 0));
    }

    [Fact]
    public void Greedy_ShuffledInput_GivesTheSameOutputOrder()
    {
        var random = new Random(5);
        Detection[] input = NmsCases.Generate(random, NmsCases.Kind.IdenticalScores, classes: 3);
        Detection[] a = (Detection[])input.Clone();
        Detection[] b = (Detection[])input.Clone();
        random.Shuffle(b);
        int ka = Nms.Greedy(a, 0.5f, false, 300);
        int kb = Nms.Greedy(b, 0.5f, false, 300);
        Assert.Equal(NmsCases.Indices(a.AsSpan(0, ka)), NmsCases.Indices(b.AsSpan(0, kb)));
    }

    [Fact]
    public void Greedy_ManyDisjointBoxes_StopsAtMaxDetectionsBestFirst()
    {
        var d = new Detection[50];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = new Detection(new BoxF(i * 10, 0, i * 10 + 5, 5), i / 100f, 0, i);
        }
        int kept = Nms.Greedy(d, 0.5f, false, 5);
        Assert.Equal([49, 48, 47, 46, 45], NmsCases.Indices(d.AsSpan(0, kept)));
    }

    [Fact]
    public void GreedySorted_ScratchTooShort_SaysHowMuchItNeeds()
    {
        Detection[] d = [new(new BoxF(0, 0, 1, 1), 0.9f, 0, 0), new(new BoxF(2, 2, 3, 3), 0.8f, 0, 1)];
        var e = Assert.Throws<ArgumentException>(() => Nms.GreedySorted(d, 0.5f, false, 300, new float[3]));
        Assert.Contains("12 required", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(37)]
    [InlineData(1000)]
    public void SortByScore_TiesZerosNegativesAndShuffledIndices_MatchesAStableReferenceSort(int n)
    {
        var random = new Random(n);
        float[] pool = [0.5f, 0.5f, 0.25f, 0f, -0f, -0.5f, -3f, 1e-30f, 7f, float.MaxValue, float.NegativeInfinity];
        var d = new Detection[n];
        for (int i = 0; i < n; i++)
        {
            float score = random.Next(3) == 0 ? (float)(random.NextDouble() * 2 - 1) : pool[random.Next(pool.Length)];
            d[i] = new Detection(new BoxF(0, 0, 1, 1), score, random.Next(3), random.Next(n / 2 + 1));
        }
        Detection[] expected = Nms.GreedyReference(d, iouThreshold: 2f, classAgnostic: true, int.MaxValue);
        Nms.SortByScore(d);
        Assert.Equal(expected, d);
    }
}
