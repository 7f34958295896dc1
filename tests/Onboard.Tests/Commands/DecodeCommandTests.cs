using System.Runtime.InteropServices;
using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Postprocess;

namespace Onboard.Tests.Commands;

/// <summary><c>onboard decode</c>: a raw output tensor file through the decoders, as the pipeline decodes it.</summary>
public sealed class DecodeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Decode_YoloV8HeadWithOverlaps_PrintsWhatTheDetectionPostprocessorKeepsInSourcePixels()
    {
        const int Anchors = 64;
        float[] head = YoloV8DecoderTests.Head(classes: 3, Anchors);
        YoloV8DecoderTests.Set(head, Anchors, 5, 100, 300, 40, 40, 0.9f, 0, 0);
        YoloV8DecoderTests.Set(head, Anchors, 6, 102, 301, 40, 40, 0.8f, 0, 0);   // suppressed by anchor 5
        YoloV8DecoderTests.Set(head, Anchors, 7, 102, 301, 40, 40, 0, 0.7f, 0);   // another class: kept
        YoloV8DecoderTests.Set(head, Anchors, 9, 300, 250, 20, 60, 0, 0, 0.3f);
        File.WriteAllBytes(_dir.File("head.f32"), MemoryMarshal.AsBytes(head.AsSpan()).ToArray());
        var expected = new Detection[300];
        int n = new DetectionPostprocessor(new PostprocessSettings(), 640, 640, Anchors).Process(
            new LayoutSpec(OutputLayout.YoloV8, 3, Anchors, 7, [0]), head,
            GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Letterbox), expected);

        using var json = OnboardCli.Json("decode", "--input", _dir.File("head.f32"), "--layout", "yolov8", "--shape", $"1,7,{Anchors}",
            "--size", "640x640", "--source", "1280x720");

        JsonElement[] actual = [.. json.RootElement.GetProperty("detections").EnumerateArray()];
        Assert.Equal(3, n);
        Assert.Equal([5, 7, 9], actual.Select(d => d.GetProperty("index").GetInt32()));
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i].ClassId, actual[i].GetProperty("class_id").GetInt32());
            Assert.Equal(expected[i].Score, actual[i].GetProperty("score").GetSingle());
            BoxF b = expected[i].Box;
            Assert.Equal([b.X1, b.Y1, b.X2, b.Y2], actual[i].GetProperty("box").EnumerateArray().Select(e => e.GetSingle()));
        }
        Assert.Equal(0, json.RootElement.GetProperty("dropped_non_finite").GetInt32());
    }

    [Fact]
    public void Decode_TensorShorterThanItsShape_ExitsTwoNamingBothLengths()
    {
        File.WriteAllBytes(_dir.File("short.f32"), new byte[100]);
        var (code, _, error) = OnboardCli.Run("decode", "--input", _dir.File("short.f32"), "--layout", "yolov8", "--shape", "1,84,8400",
            "--size", "640x640", "--source", "1280x720");
        Assert.Equal(2, code);
        Assert.Contains("short.f32: 100 bytes, but a float32 tensor of shape [1, 84, 8400] has 2822400", error, StringComparison.Ordinal);
    }
}
