using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>Caller-owned inputs: one per frame in flight, preprocessed and run independently, allocation-free.</summary>
public sealed class InputSlotTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Infer_TwoSlotsPreprocessedBeforeEitherRuns_EachGivesItsOwnFramesSigns()
    {
        using var session = DetectorSession.Open(TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build()), s_cpu);
        var detector = new FrameDetector(session);
        using InputSlot first = session.CreateInputSlot();
        using InputSlot second = session.CreateInputSlot();
        var generator = new SceneGenerator(new SceneOptions { Seed = 11 });
        Scene a = generator.Generate(0);
        Scene b = generator.Generate(1);
        var ta = detector.Preprocess(new ImageView(a.Pixels, a.Width, a.Height, PixelFormat.Bgr24), first);
        var tb = detector.Preprocess(new ImageView(b.Pixels, b.Width, b.Height, PixelFormat.Bgr24), second);
        var results = new Detection[300];

        detector.Infer(second);
        var mb = DetectionMatcher.Match(results.AsSpan(0, detector.Postprocess(tb, results)), b.Truths);
        detector.Infer(first);
        var ma = DetectionMatcher.Match(results.AsSpan(0, detector.Postprocess(ta, results)), a.Truths);

        Assert.Equal((b.Truths.Count, 0, 0), (mb.TruePositives, mb.FalsePositives, mb.FalseNegatives));
        Assert.Equal((a.Truths.Count, 0, 0), (ma.TruePositives, ma.FalsePositives, ma.FalseNegatives));
    }

    [Fact]
    public void Run_SlotSteadyState_AllocatesZeroBytesPerRun()
    {
        using var session = DetectorSession.Open(TestModels.WriteCompute(_dir), s_cpu);
        using InputSlot slot = session.CreateInputSlot();
        slot.Floats.Fill(0.5f);
        for (int i = 0; i < 5; i++)
        {
            session.Run(slot);
        }
        Assert.Equal(0, Allocations.InSteadyState(() => session.Run(slot), warmup: 2, calls: 200));
    }

    [Fact]
    public void DetectorEngine_ComposedRawFrameModel_FindsTheSignsThroughItsOwnInputs()
    {
        using var engine = new DetectorEngine(DetectorSession.Open(TestModels.WriteComposedSigns(_dir, 320), s_cpu));
        Assert.True(engine.Session.TakesRawFrame);
        EngineInput input = engine.CreateInput();
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 12 }).Generate(0);
        var transform = engine.Preprocess(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24), input);
        engine.Infer(input);
        var results = new Detection[300];
        var m = DetectionMatcher.Match(results.AsSpan(0, engine.Postprocess(input, transform, results)), scene.Truths);
        Assert.Equal((scene.Truths.Count, 0), (m.TruePositives, m.FalseNegatives));
    }

    public void Dispose() => _dir.Dispose();
}
