using Google.Protobuf;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Compute;
using Onboard.Models.GraphKernels;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onnx;

namespace Onboard.Tests.Infrastructure;

/// <summary>Generated models written to a temporary directory, for tests that open them by path.</summary>
public static class TestModels
{
    /// <summary>The realistic-compute network at a small input (fast enough for unit tests).</summary>
    public const int SmallComputeSize = 96;

    public static string Write(TempDirectory dir, string name, ModelProto model)
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    /// <summary>
    /// The synthetic sign detector at <paramref name="size"/> with the preprocessing and NMS graph kernels
    /// composed in (raw 1280×720 BGR frames in, final detections out), and its manifest.
    /// </summary>
    public static string WriteComposedSigns(TempDirectory dir, int size = 320)
    {
        var composed = GraphComposer.Compose(SyntheticSignDetector.Build(size),
            PreprocessGraph.Build(1280, 720, ChannelOrder.Bgr, new PreprocessOptions(size, size)),
            NmsGraph.Build(SyntheticSignCatalog.Signs.Count, SyntheticSignDetector.AnchorCount(size), 0.25f, 0.7f, 300));
        string path = Write(dir, "composed.onnx", composed);
        var manifest = new ModelManifest
        {
            Id = "signs-composed",
            Version = "0.1.0",
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))),
            Input = new InputSpec { Name = "frame", Shape = [1, 720, 1280, 3], Dtype = "uint8", Layout = "nhwc", ColorOrder = "bgr" },
            Output = new OutputSpec { Layout = "detections", Names = ["detections", "count"] },
            Classes = [.. SyntheticSignCatalog.ClassNames],
        };
        File.WriteAllText(ModelManifest.PathFor(path), ModelLoader.ToJson(manifest));
        return path;
    }

    public static string WriteCompute(TempDirectory dir, int size = SmallComputeSize, int classes = 80) =>
        Write(dir, $"compute-{size}.onnx", YoloV8ComputeModel.Build(size, classes));
}
