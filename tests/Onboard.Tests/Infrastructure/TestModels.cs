using Google.Protobuf;
using Onboard.Models.Compute;
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

    public static string WriteCompute(TempDirectory dir, int size = SmallComputeSize, int classes = 80) =>
        Write(dir, $"compute-{size}.onnx", YoloV8ComputeModel.Build(size, classes));
}
