using Onboard.Hil.Scenes;
using Onboard.Kernels.Device;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Device;

namespace Onboard.Tests.Pipeline;

/// <summary>
/// The device kernels behind the engine seam: a <see cref="DetectorEngine"/> given an accelerator (here ILGPU's CPU
/// accelerator, standing in for CUDA) preprocesses, decodes and suppresses there and gives the same detections as the
/// host engine on the same frames, and says where its kernels run. On CUDA (gpu-check) the same, with the model's
/// input and outputs bound in device memory.
/// </summary>
public sealed class DeviceEngineTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();

    [Fact]
    public void DetectorEngine_OnTheCpuAccelerator_SameDetectionsAsTheHostEngineAndSaysWhereItsKernelsRun()
    {
        string model = TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build(320));
        using var host = new DetectorEngine(DetectorSession.Open(model, s_cpu));
        using var device = new DetectorEngine(DetectorSession.Open(model, s_cpu), device: DeviceAccelerator.Open(DeviceKind.CpuDefault));
        AssertSameDetections(host, device);
        Assert.Equal(("host", "cpu-accelerator"), (host.Info.Kernels, device.Info.Kernels));
        Assert.Equal(DeviceContextMode.None, device.Info.DeviceContext); // not CUDA: no context to share
        Assert.False(device.DeviceBound); // the CPU accelerator stages through ORT's host-bound tensors
        Assert.Equal(0, device.Stats.DeviceCapHits);
    }

    [CudaFact]
    public void Cuda_DetectorEngine_InputAndOutputBoundOnTheDevice_SameDetectionsAsTheHostEngine()
    {
        string model = TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build(320));
        var cuda = new InferenceOptions { ExecutionProviders = [ExecutionProviders.Cuda] };
        using var host = new DetectorEngine(DetectorSession.Open(model, cuda));
        using var device = new DetectorEngine(DetectorSession.Open(model, cuda), device: DeviceAccelerator.Open(DeviceKind.Cuda));
        AssertSameDetections(host, device);
        Assert.True(device.DeviceBound);
        Assert.NotEqual(DeviceContextMode.None, device.Info.DeviceContext);
    }

    /// <summary>Two scenes through both engines, each frame preprocessed, run and decoded: the same transforms and detections.</summary>
    private static void AssertSameDetections(DetectorEngine host, DetectorEngine device)
    {
        EngineInput hostInput = host.CreateInput();
        EngineInput deviceInput = device.CreateInput();
        var generator = new SceneGenerator(new SceneOptions { Seed = 21 });
        var expected = new Detection[300];
        var actual = new Detection[300];
        int total = 0;
        for (int i = 0; i < 2; i++)
        {
            Scene scene = generator.Generate(i);
            var frame = new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);
            var th = host.Preprocess(frame, hostInput);
            var td = device.Preprocess(frame, deviceInput);
            host.Infer(hostInput);
            int n = host.Postprocess(hostInput, th, expected);
            device.Infer(deviceInput);
            int m = device.Postprocess(deviceInput, td, actual);
            Assert.Equal(th, td);
            Assert.Equal(expected.AsSpan(0, n).ToArray(), actual.AsSpan(0, m).ToArray());
            total += n;
        }
        Assert.True(total > 0, "the scenes should hold signs the model finds");
    }

    public void Dispose() => _dir.Dispose();
}
