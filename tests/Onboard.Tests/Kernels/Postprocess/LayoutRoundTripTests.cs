using Google.Protobuf;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Layouts;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Postprocess;

/// <summary>
/// Every layout decoded from what ONNX Runtime really outputs: known candidates go into the layout's
/// generated model (<see cref="LayoutModels"/>), the outputs are recognised by shape and decoded, and must
/// give the candidates back (for the NMS-in-graph layouts: what our own per-class NMS keeps of them).
/// </summary>
public sealed class LayoutRoundTripTests
{
    private const int N = LayoutModels.AnchorCount;
    private const int C = LayoutModels.ClassCount;
    private static readonly ImageTransform s_identity = GeometryPlanner.Plan(LayoutModels.InputSize, LayoutModels.InputSize, LayoutModels.InputSize, LayoutModels.InputSize, GeometryMode.Stretch);

    [Theory]
    [InlineData("yolov8", OutputLayout.YoloV8)]
    [InlineData("yolov8seg", OutputLayout.YoloV8)]
    [InlineData("yolov5", OutputLayout.YoloV5)]
    [InlineData("rtdetr", OutputLayout.RtDetr)]
    [InlineData("yolov10", OutputLayout.EndToEnd)]
    public void Process_SingleHeadLayoutFromOrt_GivesBackEveryCandidateAboveThreshold(string name, OutputLayout layout)
    {
        float[] candidates = Candidates(new Random(name.Length * 31 + 7));
        using var model = new OrtModel(LayoutModels.Build(name).ToByteArray());
        LayoutSpec spec = LayoutRecognizer.Recognize(model.Outputs, C);
        Assert.Equal(layout, spec.Layout);
        OrtModel.Output head = model.Run(candidates, 1, N, 6)[spec.Outputs[0]];

        // No NMS for this comparison: every candidate above the threshold must come back.
        var settings = new PostprocessSettings { MaxDetections = N };
        var post = new DetectionPostprocessor(settings, LayoutModels.InputSize, LayoutModels.InputSize, N);
        var results = new Detection[N];
        Span<Detection> decoded = post.Candidates(N);
        var stats = default(DecodeStats);
        var thresholds = new ScoreThresholds(settings.ScoreThreshold);
        int n = layout switch
        {
            OutputLayout.YoloV8 => YoloV8Decoder.Decode(head.Floats, spec.ClassCount, (int)spec.Count, thresholds, decoded, ref stats),
            OutputLayout.YoloV5 => YoloV5Decoder.Decode(head.Floats, spec.ClassCount, (int)spec.Count, spec.Channels, thresholds, decoded, ref stats),
            OutputLayout.RtDetr => RtDetrDecoder.Decode(head.Floats, spec.ClassCount, (int)spec.Count, LayoutModels.InputSize, LayoutModels.InputSize, thresholds, decoded, ref stats),
            _ => EndToEndDecoder.Decode(head.Floats, (int)spec.Count, C, thresholds, decoded, ref stats),
        };
        int kept = post.Select(n, suppress: false, s_identity, results);
        Detection[] expected = Above(candidates, settings.ScoreThreshold, layout == OutputLayout.EndToEnd ? LayoutModels.MaxDetections : N);
        AssertSame(expected, results.AsSpan(0, kept), compareIndex: layout != OutputLayout.EndToEnd);
        Assert.Equal(0, stats.Total);
    }

    [Fact]
    public void ProcessOnnxNms_FromOrt_KeepsWhatOurPerClassNmsKeeps()
    {
        float[] candidates = Candidates(new Random(3));
        using var model = new OrtModel(LayoutModels.Build("onnxnms").ToByteArray());
        LayoutSpec spec = LayoutRecognizer.Recognize(model.Outputs);
        Assert.Equal((OutputLayout.OnnxNms, C), (spec.Layout, spec.ClassCount));
        OrtModel.Output[] o = model.Run(candidates, 1, N, 6);
        var post = new DetectionPostprocessor(new PostprocessSettings { ScoreThreshold = LayoutModels.NmsScoreThreshold }, LayoutModels.InputSize, LayoutModels.InputSize);
        var results = new Detection[300];
        int kept = post.ProcessOnnxNms(o[spec.Outputs[2]].Longs, o[spec.Outputs[0]].Floats, o[spec.Outputs[1]].Floats, 0, N, C,
            BoxEncoding.Xyxy, s_identity, results);
        Detection[] expected = OurNms(candidates, 300);
        Assert.True(expected.Length < Above(candidates, LayoutModels.NmsScoreThreshold, N).Length, "the candidates should overlap enough for NMS to act");
        AssertSame(expected, results.AsSpan(0, kept), compareIndex: true);
    }

    [Fact]
    public void ProcessEfficientNms_FromOrt_KeepsTheBestKOfOurPerClassNms()
    {
        float[] candidates = Candidates(new Random(4));
        using var model = new OrtModel(LayoutModels.Build("efficientnms").ToByteArray());
        LayoutSpec spec = LayoutRecognizer.Recognize(model.Outputs);
        Assert.Equal(OutputLayout.EfficientNms, spec.Layout);
        OrtModel.Output[] o = model.Run(candidates, 1, N, 6);
        var post = new DetectionPostprocessor(new PostprocessSettings { ScoreThreshold = LayoutModels.NmsScoreThreshold }, LayoutModels.InputSize, LayoutModels.InputSize);
        var results = new Detection[300];
        int kept = post.ProcessEfficientNms(o[spec.Outputs[0]].Ints![0], o[spec.Outputs[1]].Floats, o[spec.Outputs[2]].Floats, o[spec.Outputs[3]].Ints,
            C, BoxEncoding.Xyxy, s_identity, results);
        Assert.Equal(LayoutModels.MaxDetections, kept);
        AssertSame(OurNms(candidates, LayoutModels.MaxDetections), results.AsSpan(0, kept), compareIndex: false);
    }

    /// <summary>N candidates inside the input, half of them near-copies of another so NMS has work; scores
    /// kept away from the thresholds so float rounding in the graphs cannot move one across.</summary>
    private static float[] Candidates(Random random)
    {
        var c = new float[N * 6];
        for (int k = 0; k < N; k++)
        {
            BoxF b = NmsCases.RandomBox(random, 0, 270, 8, 48);
            int cls = random.Next(C);
            if (k % 2 == 1)
            {
                BoxF p = new(c[6 * (k - 1)], c[6 * (k - 1) + 1], c[6 * (k - 1) + 2], c[6 * (k - 1) + 3]);
                float dx = NmsCases.Uniform(random, -4, 4);
                b = new BoxF(p.X1 + dx, p.Y1, p.X2 + dx, p.Y2 + NmsCases.Uniform(random, -3, 3));
                cls = random.Next(3) == 0 ? cls : (int)c[6 * (k - 1) + 5];
            }
            float score;
            do
            {
                score = NmsCases.Uniform(random, 0.05f, 0.95f);
            }
            while (Math.Abs(score - 0.25f) < 0.01f || Math.Abs(score - LayoutModels.NmsScoreThreshold) < 0.01f);
            (c[6 * k], c[6 * k + 1], c[6 * k + 2], c[6 * k + 3], c[6 * k + 4], c[6 * k + 5]) = (b.X1, b.Y1, b.X2, b.Y2, score, cls);
        }
        return c;
    }

    private static Detection[] All(float[] c)
    {
        var d = new Detection[N];
        for (int k = 0; k < N; k++)
        {
            d[k] = new Detection(new BoxF(c[6 * k], c[6 * k + 1], c[6 * k + 2], c[6 * k + 3]), c[6 * k + 4], (int)c[6 * k + 5], k);
        }
        return d;
    }

    /// <summary>The candidates above <paramref name="threshold"/>, best first, at most <paramref name="max"/>.</summary>
    private static Detection[] Above(float[] c, float threshold, int max)
    {
        Detection[] above = [.. All(c).Where(d => d.Score > threshold)];
        Nms.SortByScore(above);
        return above[..Math.Min(max, above.Length)];
    }

    private static Detection[] OurNms(float[] c, int max)
    {
        Detection[] above = Above(c, LayoutModels.NmsScoreThreshold, N);
        int kept = Nms.Greedy(above, LayoutModels.NmsIoUThreshold, classAgnostic: false, max);
        return above[..kept];
    }

    private static void AssertSame(Detection[] expected, ReadOnlySpan<Detection> actual, bool compareIndex)
    {
        Assert.True(expected.Length == actual.Length, $"expected {expected.Length} detections, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            Detection e = expected[i];
            Detection a = actual[i];
            string at = $"#{i}: expected {e} (index {e.Index}), got {a} (index {a.Index})";
            Assert.True(e.ClassId == a.ClassId && (!compareIndex || e.Index == a.Index), at);
            Assert.True(Math.Abs(e.Score - a.Score) < 1e-5f, at);
            Assert.True(Math.Abs(e.Box.X1 - a.Box.X1) < 1e-3f && Math.Abs(e.Box.Y1 - a.Box.Y1) < 1e-3f
                && Math.Abs(e.Box.X2 - a.Box.X2) < 1e-3f && Math.Abs(e.Box.Y2 - a.Box.Y2) < 1e-3f, at);
        }
    }
}
