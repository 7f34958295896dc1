using Onboard.Kernels;
using Onboard.Kernels.Postprocess;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class LayoutRecognizerTests
{
    private static OutputTensorInfo F(string name, params long[] shape) => new(name, shape, TensorElementType.Float32);

    [Fact]
    public void Recognize_YoloV8Head_IsChannelMajorWithClassesFromRows()
    {
        LayoutSpec spec = LayoutRecognizer.Recognize([F("output0", 1, 84, 8400)]);
        Assert.Equal((OutputLayout.YoloV8, 80, 8400L, 0), (spec.Layout, spec.ClassCount, spec.Count, spec.ExtraChannels));
    }

    [Fact]
    public void Recognize_DynamicAnchorsExport_StillReadsAsYoloV8()
    {
        LayoutSpec spec = LayoutRecognizer.Recognize([F("output0", -1, 84, -1)]);
        Assert.Equal((OutputLayout.YoloV8, 80, -1L), (spec.Layout, spec.ClassCount, spec.Count));
    }

    [Fact]
    public void Recognize_YoloV8SegWithoutClassCount_AsksForIt()
    {
        var e = Assert.Throws<OutputLayoutException>(() =>
            LayoutRecognizer.Recognize([F("output0", 1, 116, 8400), F("output1", 1, 32, 160, 160)]));
        Assert.Contains("give the class count", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recognize_YoloV8SegWithClassCount_IgnoresMaskCoefficients()
    {
        LayoutSpec spec = LayoutRecognizer.Recognize([F("output0", 1, 116, 8400), F("output1", 1, 32, 160, 160)], classCount: 80);
        Assert.Equal((OutputLayout.YoloV8, 80, 32), (spec.Layout, spec.ClassCount, spec.ExtraChannels));
    }

    [Fact]
    public void Recognize_AnchorMajorHeadWithoutClassCount_IsAmbiguousBetweenYoloV5AndRtDetr()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.Recognize([F("output0", 1, 25200, 85)]));
        Assert.Contains("ambiguous", e.Message, StringComparison.Ordinal);
        Assert.Contains("YoloV5 (80 classes)", e.Message, StringComparison.Ordinal);
        Assert.Contains("RtDetr (81 classes)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 25200, 85, 80, OutputLayout.YoloV5)]
    [InlineData(1, 300, 84, 80, OutputLayout.RtDetr)]
    [InlineData(1, 300, 369, 365, OutputLayout.RtDetr)]
    [InlineData(1, 300, 6, 80, OutputLayout.EndToEnd)]
    [InlineData(1, 8400, 117, 80, OutputLayout.YoloV5)]
    public void Recognize_WithClassCount_Settles(long b, long n, long d, int classes, OutputLayout expected)
    {
        Assert.Equal(expected, LayoutRecognizer.Recognize([F("output0", b, n, d)], classes).Layout);
    }

    [Fact]
    public void Recognize_EndToEndWithoutClassCount_IsAmbiguous()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.Recognize([F("output0", 1, 300, 6)]));
        Assert.Contains("EndToEnd", e.Message, StringComparison.Ordinal);
        Assert.Contains("declare the layout", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recognize_EfficientNmsOutputs_MapsEachRole()
    {
        LayoutSpec spec = LayoutRecognizer.Recognize(
        [
            new("det_boxes", [1, 100, 4], TensorElementType.Float32),
            new("num_dets", [1, 1], TensorElementType.Int32),
            new("det_classes", [1, 100], TensorElementType.Int32),
            new("det_scores", [1, 100], TensorElementType.Float32),
        ]);
        Assert.Equal(OutputLayout.EfficientNms, spec.Layout);
        Assert.Equal([1, 0, 3, 2], spec.Outputs);
        Assert.Equal(100, spec.Count);
    }

    [Fact]
    public void Recognize_OnnxNmsOutputs_TakesClassesFromScores()
    {
        LayoutSpec spec = LayoutRecognizer.Recognize(
        [
            new("boxes", [1, 8400, 4], TensorElementType.Float32),
            new("scores", [1, 80, 8400], TensorElementType.Float32),
            new("selected_indices", [-1, 3], TensorElementType.Int64),
        ]);
        Assert.Equal((OutputLayout.OnnxNms, 80, 8400L), (spec.Layout, spec.ClassCount, spec.Count));
        Assert.Equal([0, 1, 2], spec.Outputs);
    }

    [Fact]
    public void Recognize_NothingLikeADetector_ListsWhyEachLayoutFails()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.Recognize([F("logits", 1, 1000)]));
        Assert.Contains("fit no known detector layout", e.Message, StringComparison.Ordinal);
        Assert.Contains("not OnnxNms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DeclaredLayoutThatDoesNotFit_SaysWhy()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.Resolve(OutputLayout.RtDetr, [F("output0", 1, 300, 85)], 80));
        Assert.Contains("declared layout RtDetr", e.Message, StringComparison.Ordinal);
        Assert.Contains("85 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_DeclaredEndToEnd_NeedsNoClassCount()
    {
        LayoutSpec spec = LayoutRecognizer.Resolve(OutputLayout.EndToEnd, [F("output0", 1, 300, 6)]);
        Assert.Equal((OutputLayout.EndToEnd, 0, 300L, false), (spec.Layout, spec.ClassCount, spec.Count, spec.NeedsNms));
    }

    [Fact]
    public void ParseLayout_EveryLayoutModelNameAndCommonAliases_MapToTheirLayout()
    {
        foreach (string name in Onboard.Models.Layouts.LayoutModels.Names)
        {
            OutputLayout layout = LayoutRecognizer.ParseLayout(name);
            Assert.Equal(name switch
            {
                "yolov8" or "yolov8seg" => OutputLayout.YoloV8,
                "yolov5" => OutputLayout.YoloV5,
                "yolov10" => OutputLayout.EndToEnd,
                "rtdetr" => OutputLayout.RtDetr,
                "efficientnms" => OutputLayout.EfficientNms,
                _ => OutputLayout.OnnxNms,
            }, layout);
        }
        Assert.Equal(OutputLayout.EndToEnd, LayoutRecognizer.ParseLayout("YOLO26"));
        Assert.Equal(OutputLayout.RtDetr, LayoutRecognizer.ParseLayout("RT-DETR"));
        Assert.Equal(OutputLayout.YoloV5, LayoutRecognizer.ParseLayout("yolox"));
    }

    [Fact]
    public void ParseLayout_UnknownName_ListsTheKnownOnes()
    {
        var e = Assert.Throws<OutputLayoutException>(() => LayoutRecognizer.ParseLayout("ssd"));
        Assert.Contains("unknown output layout 'ssd'", e.Message, StringComparison.Ordinal);
    }
}
