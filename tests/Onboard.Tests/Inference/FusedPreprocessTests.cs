using System.Numerics;
using System.Numerics.Tensors;
using System.Security.Cryptography;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Compute;
using Onboard.Models.GraphKernels;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>
/// The deployed path on the full kernel: mean/std in the one fused pass (no second pass over the tensor), float16
/// written straight into the bound input (no float32 staging), row bands on the kernel's pool.
/// </summary>
public sealed class FusedPreprocessTests
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], WarmupRuns = 0, IntraOpThreads = 1 };
    private static readonly float[] s_mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] s_std = [0.229f, 0.224f, 0.225f];

    [Fact]
    public void Preprocess_ManifestMeanStd_EqualsScaleThenMeanThenStdWithinRounding()
    {
        using var dir = new TempDirectory();
        using var session = DetectorSession.Open(WriteWithManifest(dir, "f32.onnx", YoloV8ComputeModel.Build(64, classes: 4)), s_cpu);
        using var detector = new FrameDetector(session);
        ImageView frame = Frame(out _);
        using InputSlot slot = session.CreateInputSlot();

        detector.Preprocess(frame, slot);

        // The reference is the two passes the detector used to make: scaled pixels, then (x − mean) / std per plane.
        float[] expected = new float[slot.ImageLength];
        using var plain = new FramePreprocessor(1);
        plain.Run(frame, expected, new PreprocessOptions(64, 64));
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = expected.AsSpan(c * 64 * 64, 64 * 64);
            TensorPrimitives.Subtract(plane, s_mean[c], plane);
            TensorPrimitives.Divide(plane, s_std[c], plane);
        }
        float[] actual = slot.Floats.ToArray();
        Assert.Equal(expected.Length, actual.Length);
        // One fused multiply-add per value instead of three roundings: a few ulps of values up to ±2.7.
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(MathF.Abs(expected[i] - actual[i]) <= 2e-6f, $"element {i}: {expected[i]} vs {actual[i]}"));
        Assert.Contains(actual, v => v < 0);
    }

    [Fact]
    public void Preprocess_Float16Model_WritesTheBoundHalvesDirectlyEqualToTheFloatKernelRounded()
    {
        using var dir = new TempDirectory();
        var model = YoloV8ComputeModel.Build(64, classes: 4);
        using var fp16 = DetectorSession.Open(WriteWithManifest(dir, "f16.onnx", Float16Io.Wrap(model), "float16"), s_cpu);
        using var detector = new FrameDetector(fp16);
        ImageView frame = Frame(out _);
        using InputSlot slot = fp16.CreateInputSlot();
        slot.Floats.Fill(float.NaN); // a stale staging buffer must not reach the model

        detector.Preprocess(frame, slot);
        fp16.Run(slot);

        float[] reference = new float[slot.ImageLength];
        using var kernel = new FramePreprocessor(1);
        kernel.Run(frame, reference, Options());
        Half[] expected = new Half[reference.Length];
        TensorPrimitives.ConvertToHalf(reference, expected);
        Half[] actual = slot.Tensor.WriteHalves().ToArray();
        Assert.Equal(expected, actual);
        Assert.DoesNotContain(slot.Outputs[0].Floats.ToArray(), float.IsNaN);
    }

    [Fact]
    public void Preprocess_BandedDetector_EqualsSingleThreadedBitForBit()
    {
        using var dir = new TempDirectory();
        using var session = DetectorSession.Open(WriteWithManifest(dir, "f32.onnx", YoloV8ComputeModel.Build(64, classes: 4)), s_cpu);
        using var one = new FrameDetector(session, preprocessThreads: 1);
        using var three = new FrameDetector(session, preprocessThreads: 3);
        ImageView frame = Frame(out _);
        using InputSlot a = session.CreateInputSlot();
        using InputSlot b = session.CreateInputSlot();

        one.Preprocess(frame, a);
        three.Preprocess(frame, b);

        Assert.Equal(3, three.PreprocessThreads);
        Assert.Equal(a.Floats.ToArray(), b.Floats.ToArray());
    }

    [Fact]
    public void Preprocess_SteadyState_AllocatesNothingForFloat16()
    {
        using var dir = new TempDirectory();
        using var fp16 = DetectorSession.Open(WriteWithManifest(dir, "f16.onnx", Float16Io.Wrap(YoloV8ComputeModel.Build(64, classes: 4)), "float16"), s_cpu);
        using var detector = new FrameDetector(fp16);
        using InputSlot slot = fp16.CreateInputSlot();
        byte[] pixels = Pixels(out int w, out int h);

        long allocated = Allocations.InSteadyState(() => detector.Preprocess(new ImageView(pixels, w, h, PixelFormat.Bgr24), slot), warmup: 3, calls: 20);

        Assert.Equal(0, allocated);
    }

    private static PreprocessOptions Options() => new(64, 64)
    {
        Mean = new Vector3(s_mean[0], s_mean[1], s_mean[2]),
        Std = new Vector3(s_std[0], s_std[1], s_std[2]),
    };

    private static ImageView Frame(out Scene scene)
    {
        scene = new SceneGenerator(new SceneOptions { Seed = 4, Width = 320, Height = 180 }).Generate(0);
        return new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);
    }

    private static byte[] Pixels(out int width, out int height)
    {
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 4, Width = 320, Height = 180 }).Generate(0);
        (width, height) = (scene.Width, scene.Height);
        return scene.Pixels;
    }

    /// <summary>The model with a manifest that asks for ImageNet mean/std.</summary>
    private static string WriteWithManifest(TempDirectory dir, string name, Onnx.ModelProto model, string dtype = "float32")
    {
        string path = TestModels.Write(dir, name, model);
        var manifest = new ModelManifest
        {
            Id = "compute",
            Version = "1",
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))),
            Input = new InputSpec { Name = "images", Shape = [1, 3, 64, 64], Dtype = dtype, Mean = s_mean, Std = s_std },
            Output = new OutputSpec { Layout = "yolov8", Names = ["output0"] },
            Classes = ["a", "b", "c", "d"],
        };
        File.WriteAllText(ModelManifest.PathFor(path), ModelLoader.ToJson(manifest));
        return path;
    }
}
