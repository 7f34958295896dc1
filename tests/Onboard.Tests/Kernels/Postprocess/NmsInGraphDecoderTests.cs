using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>Layouts whose NMS already ran: end-to-end heads, EfficientNMS and ONNX NonMaxSuppression.</summary>
public sealed class NmsInGraphDecoderTests
{
    [Fact]
    public void EndToEndDecode_Rows_KeepsScoredWholeClassesAndCountsTheRest()
    {
        float[] o =
        [
            10, 20, 30, 40, 0.9f, 2,
            10, 20, 30, 40, 0.8f, 2.5f,  // class not a whole number
            10, 20, 30, 40, 0.7f, 80,    // class out of range for 80 classes
            10, 20, 30, 40, 0.2f, 1,     // below threshold
            0, 0, 0, 0, 0, 0,            // padding
            10, 20, 10, 40, 0.6f, 3,     // zero width
        ];
        var candidates = new Detection[6];
        var stats = default(DecodeStats);
        int n = EndToEndDecoder.Decode(o, 6, 80, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(1, n);
        Assert.Equal(new Detection(new BoxF(10, 20, 30, 40), 0.9f, 2, 0), candidates[0]);
        Assert.Equal(2, stats.InvalidIndex);
        Assert.Equal(1, stats.Degenerate);
    }

    [Fact]
    public void EfficientNmsDecode_OnlyFirstNumDetectionsRowsAreRead()
    {
        float[] boxes = [0, 0, 10, 10, 5, 5, 20, 20, 1, 1, 2, 2, 3, 3, 4, 4];
        float[] scores = [0.9f, 0.6f, 0.95f, 0.95f];
        int[] classes = [3, 1, 0, 0];
        var candidates = new Detection[4];
        var stats = default(DecodeStats);
        int n = EfficientNmsDecoder.Decode(2, boxes, scores, classes, 80, BoxEncoding.Xyxy, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(2, n);
        Assert.Equal(new Detection(new BoxF(5, 5, 20, 20), 0.6f, 1, 1), candidates[1]);
    }

    [Fact]
    public void EfficientNmsDecode_CountBeyondK_IsCountedAndClamped()
    {
        var stats = default(DecodeStats);
        int n = EfficientNmsDecoder.Decode(9, [0, 0, 1, 1], [0.9f], [0], 0, BoxEncoding.Xyxy, new ScoreThresholds(0.25f), new Detection[1], ref stats);
        Assert.Equal(1, n);
        Assert.Equal(1, stats.InvalidIndex);
    }

    [Fact]
    public void EfficientNmsDecode_CentreEncoding_IsTurnedIntoCorners()
    {
        var candidates = new Detection[1];
        var stats = default(DecodeStats);
        EfficientNmsDecoder.Decode(1, [50, 40, 20, 10], [0.9f], [0], 0, BoxEncoding.Cxcywh, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(new BoxF(40, 35, 60, 45), candidates[0].Box);
    }

    [Fact]
    public void OnnxNmsDecode_SelectedRows_ReadBoxAndClassScoreOfTheirImage()
    {
        // Two images, N = 3 boxes, C = 2 classes. Boxes as ONNX's y1, x1, y2, x2 with one pair flipped.
        float[] boxes =
        [
            0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1,                 // image 0 (not asked for)
            10, 20, 30, 60, 50, 50, 40, 40, 5, 5, 6, 6,         // image 1
        ];
        float[] scores = [0, 0, 0, 0, 0, 0, /* image 1 */ 0.1f, 0.8f, 0.3f, 0.7f, 0.2f, 0.9f];
        long[] selected =
        [
            0, 0, 0,   // other image: skipped silently
            1, 0, 1,   // class 0, box 1: score 0.8, corners flipped
            1, 1, 0,   // class 1, box 0: score 0.7
            1, 1, 2,   // class 1, box 2: score 0.9
            1, 2, 0,   // class out of range
            1, 0, 3,   // box out of range
        ];
        var candidates = new Detection[6];
        var stats = default(DecodeStats);
        int n = OnnxNmsDecoder.Decode(selected, boxes, scores, 1, 3, 2, BoxEncoding.Yxyx, new ScoreThresholds(0.25f), candidates, ref stats);
        Assert.Equal(3, n);
        Assert.Equal(new Detection(new BoxF(40, 40, 50, 50), 0.8f, 0, 1), candidates[0]);
        Assert.Equal(new Detection(new BoxF(20, 10, 60, 30), 0.7f, 1, 0), candidates[1]);
        Assert.Equal(new Detection(new BoxF(5, 5, 6, 6), 0.9f, 1, 2), candidates[2]);
        Assert.Equal(2, stats.InvalidIndex);
    }
}
