using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class SoftNmsTests
{
    [Fact]
    public void Gaussian_TwoOverlappingBoxes_DecaysTheSecondByExpOfMinusIoUSquaredOverSigma()
    {
        Detection[] d = [new(new BoxF(0, 0, 10, 10), 0.9f, 0, 0), new(new BoxF(5, 0, 15, 10), 0.8f, 0, 1)];
        float iou = BoxF.IoU(d[0].Box, d[1].Box); // 1/3
        int kept = SoftNms.Gaussian(d, 0.5f, 0.01f, classAgnostic: false, 300);
        Assert.Equal(2, kept);
        Assert.Equal(0.9f, d[0].Score);
        Assert.Equal(0.8f * MathF.Exp(-(iou * iou) / 0.5f), d[1].Score);
    }

    [Fact]
    public void Gaussian_DecayReordersCandidates_TakesTheBestRemainingEachRound()
    {
        // B overlaps A heavily and drops below C, which overlaps nothing.
        Detection[] d =
        [
            new(new BoxF(0, 0, 10, 10), 0.9f, 0, 0),
            new(new BoxF(0.5f, 0, 10.5f, 10), 0.85f, 0, 1),
            new(new BoxF(100, 100, 110, 110), 0.5f, 0, 2),
        ];
        int kept = SoftNms.Gaussian(d, 0.5f, 0.001f, false, 300);
        Assert.Equal(3, kept);
        Assert.Equal([0, 2, 1], NmsCases.Indices(d.AsSpan(0, kept)));
        Assert.True(d[2].Score < 0.5f);
    }

    [Fact]
    public void Gaussian_IdenticalBoxDecayedToThreshold_IsDropped()
    {
        var box = new BoxF(0, 0, 10, 10);
        Detection[] d = [new(box, 0.9f, 0, 0), new(box, 0.3f, 0, 1)];
        // exp(-1/0.5) * 0.3 ≈ 0.04 is not above 0.05.
        Assert.Equal(1, SoftNms.Gaussian(d, 0.5f, 0.05f, false, 300));
    }

    [Fact]
    public void Gaussian_OtherClass_IsNotDecayedUnlessAgnostic()
    {
        var box = new BoxF(0, 0, 10, 10);
        Detection[] perClass = [new(box, 0.9f, 0, 0), new(box, 0.8f, 1, 1)];
        Detection[] agnostic = [new(box, 0.9f, 0, 0), new(box, 0.8f, 1, 1)];
        SoftNms.Gaussian(perClass, 0.5f, 0.001f, false, 300);
        SoftNms.Gaussian(agnostic, 0.5f, 0.001f, true, 300);
        Assert.Equal(0.8f, perClass[1].Score);
        Assert.Equal(0.8f * MathF.Exp(-2f), agnostic[1].Score);
    }

    [Fact]
    public void Gaussian_NoOverlapAndMaxDetections_IsGreedyOrderTruncated()
    {
        var d = new Detection[10];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = new Detection(new BoxF(i * 20, 0, i * 20 + 10, 10), 0.5f, 0, 9 - i);
        }
        int kept = SoftNms.Gaussian(d, 0.5f, 0.1f, false, 3);
        Assert.Equal([0, 1, 2], NmsCases.Indices(d.AsSpan(0, kept)));
    }
}
