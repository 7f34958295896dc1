using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>YOLOv5 and RT-DETR: one row per anchor or query.</summary>
public sealed class AnchorMajorDecoderTests
{
    [Fact]
    public void YoloV5Decode_ObjectnessTimesClass_ScoresAndPicksTheClass()
    {
        // Rows: cx, cy, w, h, obj, c0, c1, then two mask coefficients.
        float[] o =
        [
            100, 50, 20, 10, 0.8f, 0.5f, 0.9f, 99, 99,  // 0.72, class 1
            100, 50, 20, 10, 0.2f, 1.0f, 1.0f, 99, 99,  // objectness not above 0.25: skipped
            100, 50, 20, 10, 0.5f, 0.4f, 0.3f, 99, 99,  // 0.2 after the product: dropped
            100, 50, 20, 10, float.NaN, 1f, 1f, 99, 99, // counted
        ];
        var candidates = new Detection[4];
        var stats = default(DecodeStats);
        int n = YoloV5Decoder.Decode(o, 2, 4, 9, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(1, n);
        Assert.Equal(new Detection(new BoxF(90, 45, 110, 55), 0.8f * 0.9f, 1, 0), candidates[0]);
        Assert.Equal(1, stats.NonFinite);
    }

    [Fact]
    public void YoloV5Decode_NonFiniteClassScoreOfAPassingAnchor_IsCounted()
    {
        float[] o = [10, 10, 4, 4, 0.9f, 0.9f, float.PositiveInfinity];
        var stats = default(DecodeStats);
        Assert.Equal(0, YoloV5Decoder.Decode(o, 2, 1, 7, new ScoreThresholds(0.25f), new Detection[1], ref stats));
        Assert.Equal(1, stats.NonFinite);
    }

    [Fact]
    public void RtDetrDecode_NormalisedBoxes_AreScaledToInputPixels()
    {
        float[] o =
        [
            0.5f, 0.5f, 0.25f, 0.5f, 0.1f, 0.6f, 0.2f,  // class 1, box centred
            0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.2f, 0.25f,  // best 0.25: not above
        ];
        var candidates = new Detection[2];
        var stats = default(DecodeStats);
        int n = RtDetrDecoder.Decode(o, 3, 2, 640, 480, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(1, n);
        Assert.Equal(new Detection(new BoxF(240, 120, 400, 360), 0.6f, 1, 0), candidates[0]);
    }

    [Fact]
    public void RtDetrDecode_NaNClassScore_IsCountedNotRanked()
    {
        float[] o = [0.5f, 0.5f, 0.1f, 0.1f, float.NaN, 0.9f];
        var stats = default(DecodeStats);
        Assert.Equal(0, RtDetrDecoder.Decode(o, 2, 1, 640, 640, new ScoreThresholds(0.25f), new Detection[1], ref stats));
        Assert.Equal(1, stats.NonFinite);
    }
}
