using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.GraphKernels;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Models;

/// <summary>
/// The graph kernels (preprocessing and NMS as ONNX subgraphs) agree with the host kernels on the CPU
/// provider: preprocessing within one 8-bit step, NMS keeping the very same anchors in the same order.
/// </summary>
public sealed class GraphKernelTests(ITestOutputHelper output) : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], WarmupRuns = 0 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1280, 720, 320, 320, GeometryMode.Letterbox, ChannelOrder.Rgb)]
    [InlineData(640, 480, 256, 192, GeometryMode.Stretch, ChannelOrder.Bgr)]
    [InlineData(200, 150, 320, 320, GeometryMode.Letterbox, ChannelOrder.Rgb)]
    [InlineData(333, 517, 160, 160, GeometryMode.CenterCrop, ChannelOrder.Rgb)]
    public void PreprocessGraph_RandomFrame_MatchesHostKernelWithinOneLsb(int sw, int sh, int w, int h, GeometryMode mode, ChannelOrder order)
    {
        var options = new PreprocessOptions(w, h) { Mode = mode, Order = order };
        string path = TestModels.Write(_dir, "pre.onnx", PreprocessGraph.Build(sw, sh, ChannelOrder.Bgr, options));
        using var session = DetectorSession.Open(path, s_cpu);
        var frame = new byte[sw * sh * 3];
        new Random(sw ^ sh).NextBytes(frame);
        frame.CopyTo(session.InputBytes);
        session.Run();
        var host = new float[3 * w * h];
        Preprocessor.ToPlanarFloat(new ImageView(frame, sw, sh, PixelFormat.Bgr24), host, options);
        double maxLsb = MaxDifference(host, session.Output) / options.Scale;
        output.WriteLine($"{sw}x{sh} → {w}x{h} {mode} {order}: max |graph − host| = {maxLsb:0.000000} LSB");
        Assert.True(maxLsb < 1.0, $"max difference {maxLsb} LSB");
    }

    [Fact]
    public void PreprocessGraph_WithMeanStd_MatchesHostDetectorPreprocessing()
    {
        float[] mean = [0.485f, 0.456f, 0.406f];
        float[] std = [0.229f, 0.224f, 0.225f];
        var options = new PreprocessOptions(128, 96) { Mode = GeometryMode.Stretch, Order = ChannelOrder.Bgr, PadValue = 0 };
        string path = TestModels.Write(_dir, "pre.onnx", PreprocessGraph.Build(300, 200, ChannelOrder.Bgr, options, mean, std));
        using var session = DetectorSession.Open(path, s_cpu);
        var frame = new byte[300 * 200 * 3];
        new Random(9).NextBytes(frame);
        frame.CopyTo(session.InputBytes);
        session.Run();
        var host = new float[3 * 128 * 96];
        Preprocessor.ToPlanarFloat(new ImageView(frame, 300, 200, PixelFormat.Bgr24), host, options);
        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < 128 * 96; i++)
            {
                ref float v = ref host[c * 128 * 96 + i];
                v = (v - mean[c]) / std[c];
            }
        }
        // One LSB after normalisation is scale / std.
        double maxLsb = MaxDifference(host, session.Output) / (options.Scale / std.Max());
        output.WriteLine($"with mean/std: max {maxLsb:0.000000} LSB");
        Assert.True(maxLsb < 1.0);
    }

    [Fact]
    public void NmsGraph_DenseOverlappingCandidates_KeepsTheSameAnchorsAsHostNms()
    {
        const int classes = 5, anchors = 2000;
        string path = TestModels.Write(_dir, "nms.onnx", NmsGraph.Build(classes, anchors, 0.25f, 0.5f, 1000));
        using var session = DetectorSession.Open(path, s_cpu);
        var random = new Random(11);
        Span<float> head = session.Input;
        for (int i = 0; i < anchors; i++)
        {
            // Clustered boxes so suppression really happens, and scores straddling the threshold.
            head[i] = 60 + (float)random.NextDouble() * 100;
            head[anchors + i] = 60 + (float)random.NextDouble() * 100;
            head[2 * anchors + i] = 30 + (float)random.NextDouble() * 50;
            head[3 * anchors + i] = 30 + (float)random.NextDouble() * 50;
            for (int c = 0; c < classes; c++)
            {
                head[(4 + c) * anchors + i] = (float)random.NextDouble() * 0.6f;
            }
        }
        head[4 * anchors + 7] = 0.25f;   // exactly at the threshold: the host keeps it, so must the graph
        session.Run();
        var hostCandidates = new Detection[anchors];
        int n = YoloV8Decoder.Decode(session.Input, classes, anchors, 0.25f, hostCandidates, out _);
        int kept = Nms.Greedy(hostCandidates.AsSpan(0, n), 0.5f, classAgnostic: false, 1000);
        int[] host = hostCandidates.Take(kept).Select(d => d.Index).ToArray();
        int[] graph = GraphIndices(session);
        output.WriteLine($"{n} candidates, host kept {kept}, graph kept {graph.Length}");
        Assert.True(kept > 50 && kept < n / 2, "the test needs real suppression work, under the cap");
        Assert.Equal(host, graph);
    }

    [Fact]
    public void Composed_PreprocessDetectorNms_GivesTheHostPathsDetectionsOnGeneratedScenes()
    {
        string composedPath = TestModels.WriteComposedSigns(_dir, 320);
        string hostPath = TestModels.Write(_dir, "host.onnx", SyntheticSignDetector.Build(320));

        using var graphSession = DetectorSession.Open(composedPath, s_cpu);
        using var hostSession = DetectorSession.Open(hostPath, s_cpu);
        var graphDetector = new FrameDetector(graphSession);
        var hostDetector = new FrameDetector(hostSession);
        Assert.True(graphSession.TakesRawFrame);
        var generator = new SceneGenerator(new SceneOptions { Seed = 5 });
        var a = new Detection[300];
        var b = new Detection[300];
        int total = 0;
        for (int s = 0; s < 6; s++)
        {
            Scene scene = generator.Generate(s);
            var frame = new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);
            int na = graphDetector.Detect(frame, a);
            int nb = hostDetector.Detect(frame, b);
            Assert.Equal(nb, na);
            for (int i = 0; i < na; i++)
            {
                Assert.Equal(b[i].ClassId, a[i].ClassId);
                Assert.True(BoxF.IoU(a[i].Box, b[i].Box) > 0.99f, $"scene {s} detection {i}: {a[i]} vs {b[i]}");
            }
            total += na;
        }
        Assert.True(total > 10);
    }

    [Fact]
    public void Composed_Model_PassesTheOnnxChecker()
    {
        var composed = GraphComposer.Compose(SyntheticSignDetector.Build(320),
            PreprocessGraph.Build(1280, 720, ChannelOrder.Bgr, new PreprocessOptions(320, 320)),
            NmsGraph.Build(SyntheticSignCatalog.Signs.Count, SyntheticSignDetector.AnchorCount(320), 0.25f, 0.7f, 100));
        string path = TestModels.Write(_dir, "composed.onnx", composed);
        using var checker = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("onnx_check.py"), path);
        string? line = checker.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(line is not null, checker.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal([1, 720, 1280, 3], json.RootElement.GetProperty("inputs").GetProperty("frame").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, 100, 7], json.RootElement.GetProperty("outputs").GetProperty("detections").EnumerateArray().Select(e => e.GetInt32()));
    }

    private static int[] GraphIndices(DetectorSession session)
    {
        int count = (int)session.Outputs[1].Floats[0];
        var result = new int[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = (int)session.Outputs[0].Floats[i * NmsGraph.Columns + 6];
        }
        return result;
    }

    private static double MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
