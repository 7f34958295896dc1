using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Compute;
using Onboard.Models.Graph;
using Onboard.Models.Loading;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>A session bound at batch N: one image per batch index in, each image's own detections out.</summary>
public sealed class BatchedSessionTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_DynamicBatchAtThree_BindsInputAndOutputAtThree()
    {
        string path = TestModels.Write(_dir, "compute.onnx", YoloV8ComputeModel.Build(TestModels.SmallComputeSize, batch: BatchAxis.Dynamic));

        using var session = DetectorSession.Open(path, s_cpu with { BatchSize = 3 });
        using InputSlot slot = session.CreateInputSlot(ownOutputs: true);

        int anchors = YoloV8ComputeModel.AnchorCount(TestModels.SmallComputeSize);
        Assert.Equal(3, session.BatchSize);
        Assert.Equal([3L, 3, TestModels.SmallComputeSize, TestModels.SmallComputeSize], session.InputShape);
        Assert.Equal([3L, 84, anchors], session.OutputShape);
        Assert.Equal(3, slot.BatchSize);
        Assert.Equal(3 * TestModels.SmallComputeSize * TestModels.SmallComputeSize, slot.ImageLength);
        Assert.Equal([3L, 84, anchors], slot.Outputs[0].Shape);
        Assert.NotSame(session.Outputs[0], slot.Outputs[0]);
    }

    [Fact]
    public void Open_ModelWithBatchFixedAtOne_RefusedNamingTheBatchAxis()
    {
        string path = TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build(320));

        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path, s_cpu with { BatchSize = 2 }));

        Assert.Contains("batch: input 'images' is [1, 3, 320, 320], its batch axis fixed at 1, so it cannot run 2 images at once", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Postprocess_ThreeScenesInOneRun_EachImageGetsExactlyItsOwnScenesSigns()
    {
        using var session = DetectorSession.Open(DynamicSigns(), s_cpu with { BatchSize = 3 });
        var detector = new FrameDetector(session);
        using InputSlot slot = session.CreateInputSlot(ownOutputs: true);
        Scene[] scenes = Scenes(3, seed: 21);
        var transforms = new ImageTransform[3];
        // Preprocessed out of order: an image's place in the batch is its index, not the order it was written.
        foreach (int i in new[] { 2, 0, 1 })
        {
            transforms[i] = detector.Preprocess(View(scenes[i]), slot, i);
        }

        detector.Infer(slot);

        var results = new Detection[300];
        for (int i = 0; i < 3; i++)
        {
            int n = detector.Postprocess(slot, i, transforms[i], results);
            MatchResult m = DetectionMatcher.Match(results.AsSpan(0, n), scenes[i].Truths);
            Assert.True(scenes[i].Truths.Count > 0);
            Assert.Equal((scenes[i].Truths.Count, 0, 0), (m.TruePositives, m.FalsePositives, m.FalseNegatives));
        }
    }

    [Fact]
    public void Postprocess_BatchedRun_EqualsEachImageRunAlone()
    {
        string path = DynamicSigns();
        using var single = DetectorSession.Open(path, s_cpu);
        using var batched = DetectorSession.Open(path, s_cpu with { BatchSize = 2 });
        var one = new FrameDetector(single);
        var two = new FrameDetector(batched);
        using InputSlot slot = batched.CreateInputSlot(ownOutputs: true);
        Scene[] scenes = Scenes(2, seed: 22);
        var transforms = new ImageTransform[2];
        for (int i = 0; i < 2; i++)
        {
            transforms[i] = two.Preprocess(View(scenes[i]), slot, i);
        }
        two.Infer(slot);

        var alone = new Detection[300];
        var together = new Detection[300];
        for (int i = 0; i < 2; i++)
        {
            int expected = one.Detect(View(scenes[i]), alone);
            int actual = two.Postprocess(slot, i, transforms[i], together);
            Assert.True(expected > 0);
            AssertSameDetections(alone.AsSpan(0, expected), together.AsSpan(0, actual));
        }
    }

    [Fact]
    public void Run_BatchedSlotPreprocessRunAndDecodeSteadyState_AllocatesZeroBytes()
    {
        using var session = DetectorSession.Open(DynamicSigns(), s_cpu with { BatchSize = 2 });
        var detector = new FrameDetector(session);
        using InputSlot slot = session.CreateInputSlot(ownOutputs: true);
        Scene[] scenes = Scenes(2, seed: 23);
        var results = new Detection[300];

        void Frame()
        {
            ImageTransform a = detector.Preprocess(View(scenes[0]), slot, 0);
            ImageTransform b = detector.Preprocess(View(scenes[1]), slot, 1);
            detector.Infer(slot);
            detector.Postprocess(slot, 0, a, results);
            detector.Postprocess(slot, 1, b, results);
        }

        Assert.Equal(0, Allocations.InSteadyState(Frame, warmup: 5, calls: 20));
    }

    /// <summary>Same boxes, classes and scores, to within float noise: a batched convolution may sum in another order.</summary>
    internal static void AssertSameDetections(ReadOnlySpan<Detection> expected, ReadOnlySpan<Detection> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k].ClassId, actual[k].ClassId);
            Assert.Equal(expected[k].Score, actual[k].Score, 1e-4f);
            Assert.True(BoxF.IoU(expected[k].Box, actual[k].Box) > 0.999f, $"{expected[k]} vs {actual[k]}");
        }
    }

    internal static Scene[] Scenes(int count, int seed)
    {
        var generator = new SceneGenerator(new SceneOptions { Seed = seed });
        var scenes = new Scene[count];
        for (int i = 0; i < count; i++)
        {
            scenes[i] = generator.Generate(i);
        }
        return scenes;
    }

    internal static ImageView View(Scene s) => new(s.Pixels, s.Width, s.Height, PixelFormat.Bgr24);

    private string DynamicSigns() => TestModels.Write(_dir, "signs-dynamic.onnx", SyntheticSignDetector.Build(320, BatchAxis.Dynamic));
}
