using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Postprocess;

public sealed class DetectionPostprocessorTests
{
    private static readonly ImageTransform s_identity = GeometryPlanner.Plan(640, 640, 640, 640, GeometryMode.Stretch);

    [Fact]
    public void Process_YoloV8Head_DecodesSuppressesPerClassAndMapsToSource()
    {
        float[] o = YoloV8DecoderTests.Head(3, 100);
        YoloV8DecoderTests.Set(o, 100, 10, 200, 200, 100, 100, 0.9f, 0, 0);
        YoloV8DecoderTests.Set(o, 100, 11, 205, 200, 100, 100, 0.8f, 0, 0);  // same object, class 0: suppressed
        YoloV8DecoderTests.Set(o, 100, 12, 205, 200, 100, 100, 0, 0.7f, 0);  // same place, class 1: kept
        var spec = new LayoutSpec(OutputLayout.YoloV8, 3, 100, 7, [0]);
        var post = new DetectionPostprocessor(new PostprocessSettings(), 640, 640, 100);
        ImageTransform letterbox = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Letterbox);
        var results = new Detection[300];
        int n = post.Process(spec, o, letterbox, results);
        Assert.Equal([10, 12], NmsCases.Indices(results.AsSpan(0, n)));
        Assert.Equal(new BoxF(300, 20, 500, 220), results[0].Box);
    }

    [Fact]
    public void Process_MoreCandidatesThanMaxCandidates_OnlyTheBestReachNms()
    {
        float[] o = YoloV8DecoderTests.Head(1, 10);
        for (int a = 0; a < 10; a++)
        {
            YoloV8DecoderTests.Set(o, 10, a, 30 * a + 10, 10, 10, 10, 0.3f + a * 0.05f);
        }
        var post = new DetectionPostprocessor(new PostprocessSettings { MaxCandidates = 4 }, 640, 640, 10);
        var results = new Detection[300];
        int n = post.Process(new LayoutSpec(OutputLayout.YoloV8, 1, 10, 5, [0]), o, s_identity, results);
        Assert.Equal([9, 8, 7, 6], NmsCases.Indices(results.AsSpan(0, n)));
    }

    [Fact]
    public void Process_ResultsShorterThanMaxDetections_FillsThemBestFirst()
    {
        float[] o = YoloV8DecoderTests.Head(1, 10);
        for (int a = 0; a < 10; a++)
        {
            YoloV8DecoderTests.Set(o, 10, a, 30 * a + 10, 10, 10, 10, 0.3f + a * 0.05f);
        }
        var post = new DetectionPostprocessor(new PostprocessSettings(), 640, 640, 10);
        var results = new Detection[2];
        Assert.Equal(2, post.Process(new LayoutSpec(OutputLayout.YoloV8, 1, 10, 5, [0]), o, s_identity, results));
        Assert.Equal([9, 8], NmsCases.Indices(results));
    }

    [Fact]
    public void Process_SoftGaussian_KeepsTheOverlappingBoxWithALowerScore()
    {
        float[] o = YoloV8DecoderTests.Head(1, 20);
        YoloV8DecoderTests.Set(o, 20, 3, 200, 200, 100, 100, 0.9f);
        YoloV8DecoderTests.Set(o, 20, 4, 210, 200, 100, 100, 0.8f);
        var settings = new PostprocessSettings { Suppression = SuppressionMode.SoftGaussian, ScoreThreshold = 0.1f };
        var post = new DetectionPostprocessor(settings, 640, 640, 20);
        var results = new Detection[300];
        int n = post.Process(new LayoutSpec(OutputLayout.YoloV8, 1, 20, 5, [0]), o, s_identity, results);
        Assert.Equal(2, n);
        Assert.True(results[1].Score < 0.8f && results[1].Score > 0.1f, results[1].ToString());
    }

    [Fact]
    public void Process_EmptyEndToEndOutput_GivesNoDetections()
    {
        var post = new DetectionPostprocessor(new PostprocessSettings(), 640, 640);
        Assert.Equal(0, post.Process(new LayoutSpec(OutputLayout.EndToEnd, 0, 0, 6, [0]), [], s_identity, new Detection[300]));
    }

    [Fact]
    public void Process_NonFiniteAnchors_AccumulateInStats()
    {
        float[] o = YoloV8DecoderTests.Head(2, 10);
        YoloV8DecoderTests.Set(o, 10, 0, 50, 50, 10, 10, float.NaN, 0);
        var post = new DetectionPostprocessor(new PostprocessSettings(), 640, 640, 10);
        var spec = new LayoutSpec(OutputLayout.YoloV8, 2, 10, 6, [0]);
        post.Process(spec, o, s_identity, new Detection[300]);
        post.Process(spec, o, s_identity, new Detection[300]);
        Assert.Equal(2, post.Stats.NonFinite);
    }

    [Fact]
    public void Process_EverySingleHeadLayoutInSteadyState_AllocatesNothing()
    {
        var random = new Random(9);
        var results = new Detection[300];
        var post = new DetectionPostprocessor(new PostprocessSettings { ClassThresholds = new float[] { 0.3f, 0.2f } }, 640, 640);
        float[] v8 = RandomScores(random, (4 + 80) * 8400, 4 * 8400);
        float[] v5 = RandomScores(random, 25200 * 85, 0);
        var e2e = new float[300 * 6];
        for (int k = 0; k < 300; k++)
        {
            BoxF b = NmsCases.RandomBox(random, 0, 600, 5, 40);
            (e2e[6 * k], e2e[6 * k + 1], e2e[6 * k + 2], e2e[6 * k + 3]) = (b.X1, b.Y1, b.X2, b.Y2);
            (e2e[6 * k + 4], e2e[6 * k + 5]) = ((float)random.NextDouble(), random.Next(80));
        }
        float[] detr = RandomScores(random, 300 * 84, 0);
        (LayoutSpec Spec, float[] Head)[] cases =
        [
            (new LayoutSpec(OutputLayout.YoloV8, 80, 8400, 84, [0]), v8),
            (new LayoutSpec(OutputLayout.YoloV5, 80, 25200, 85, [0]), v5),
            (new LayoutSpec(OutputLayout.EndToEnd, 0, 300, 6, [0]), e2e),
            (new LayoutSpec(OutputLayout.RtDetr, 80, 300, 84, [0]), detr),
        ];
        foreach (var (spec, head) in cases)
        {
            Assert.True(post.Process(spec, head, s_identity, results) > 0, $"{spec.Layout}: the data should give detections");
            Assert.Equal(0, Allocations.InSteadyState(() => post.Process(spec, head, s_identity, results)));
        }
    }

    [Fact]
    public void ProcessNmsInGraphAndNmsGreedy_SteadyState_AllocateNothing()
    {
        var post = new DetectionPostprocessor(new PostprocessSettings(), 640, 640);
        var results = new Detection[300];
        float[] boxes = [0, 0, 10, 10, 20, 20, 40, 40];
        float[] scores = [0.9f, 0.8f, 0.1f, 0.7f];
        int[] classes = [0, 1];
        long[] selected = [0, 0, 0, 0, 1, 1];
        var detections = new Detection[200];
        var random = new Random(1);
        void Run()
        {
            post.ProcessEfficientNms(2, boxes, scores.AsSpan(0, 2), classes, 2, BoxEncoding.Xyxy, s_identity, results);
            post.ProcessOnnxNms(selected, boxes, scores, 0, 2, 2, BoxEncoding.Xyxy, s_identity, results);
            for (int i = 0; i < detections.Length; i++)
            {
                detections[i] = new Detection(NmsCases.RandomBox(random, 0, 100, 5, 30), 0.5f, i % 3, i);
            }
            Nms.Greedy(detections, 0.5f, false, 300);
        }
        Assert.Equal(0, Allocations.InSteadyState(Run));
    }

    private static float[] RandomScores(Random random, int length, int boxValues)
    {
        var o = new float[length];
        for (int i = 0; i < length; i++)
        {
            o[i] = i < boxValues ? 20 + (float)random.NextDouble() * 600 : (float)Math.Pow(random.NextDouble(), 8);
        }
        return o;
    }
}
