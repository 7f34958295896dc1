using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.GraphKernels;
using Onboard.Models.Compute;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>The per-frame path allocates nothing once warm: measured on this thread over 200 runs.</summary>
public sealed class AllocationTests
{
    private const int SteadyRuns = 200;
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };

    [Fact]
    public void Run_ComputeModelSteadyState_AllocatesZeroBytesPerRun()
    {
        using var dir = new TempDirectory();
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir), s_cpu);
        session.Input.Fill(0.5f);
        for (int i = 0; i < 5; i++)
        {
            session.Run();
        }
        Assert.Equal(0, Allocations.InSteadyState(() => session.Run(), warmup: 2, calls: SteadyRuns));
    }

    [Fact]
    public void Detect_WholeFramePathSteadyState_AllocatesZeroBytesPerFrame()
    {
        using var dir = new TempDirectory();
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir), s_cpu);
        var detector = new FrameDetector(session);
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 3 }).Generate(0);
        var results = new Detection[100];
        for (int i = 0; i < 5; i++)
        {
            detector.Detect(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24), results);
        }
        Assert.Equal(0, Allocations.InSteadyState(() => detector.Detect(new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24), results), warmup: 2, calls: SteadyRuns));
    }

    [Fact]
    public void Run_Float16InputsAndOutputs_AllocatesZeroBytesAndMatchesFloat32()
    {
        using var dir = new TempDirectory();
        var model = YoloV8ComputeModel.Build(64);
        using var fp32 = DetectorSession.Open(TestModels.Write(dir, "fp32.onnx", model), s_cpu);
        using var fp16 = DetectorSession.Open(TestModels.Write(dir, "fp16.onnx", Float16Io.Wrap(model)), s_cpu);
        Assert.Equal(Onboard.Kernels.TensorElementType.Float16, fp16.InputTensor.ElementType);
        var random = new Random(5);
        for (int i = 0; i < fp32.Input.Length; i++)
        {
            // Values a float16 holds exactly, so the only difference is the output rounding.
            fp32.Input[i] = fp16.Input[i] = (float)(Half)(float)random.NextDouble();
        }
        fp32.Run();
        fp16.Run();
        Assert.Equal(0, Allocations.InSteadyState(() => fp16.Run(), warmup: 2, calls: SteadyRuns));
        for (int i = 0; i < fp32.Output.Length; i++)
        {
            float a = fp32.Output[i];
            Assert.True(Math.Abs(a - fp16.Output[i]) <= Math.Abs(a) * 1e-3f + 1e-6f, $"output {i}: {a} vs {fp16.Output[i]}");
        }
    }
}
