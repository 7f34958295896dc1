using Google.Protobuf;
using Onboard.Models.Loading;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>A model file that cannot be used is refused with an error naming the file and the problem.</summary>
public sealed class ModelLoadTests
{
    private static readonly byte[] s_model = SyntheticSignDetector.Build(320).ToByteArray();

    [Fact]
    public void Open_TruncatedModel_NamesFileAndSaysTruncated()
    {
        using var dir = new TempDirectory();
        string path = dir.File("half.onnx");
        File.WriteAllBytes(path, s_model[..(s_model.Length / 2)]);
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(1000)]
    [InlineData(30_000)]
    public void Open_ModelCutAnywhere_IsRefusedNotCrashed(int keep)
    {
        using var dir = new TempDirectory();
        string path = dir.File("cut.onnx");
        File.WriteAllBytes(path, s_model[..keep]);
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RandomBytes_SaysNotAValidOnnxProtobuf()
    {
        using var dir = new TempDirectory();
        string path = dir.File("noise.onnx");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Matches("not a valid ONNX protobuf|no graph|nothing in the graph defines|opset", e.Message);
    }

    [Fact]
    public void Open_EmptyFile_SaysEmpty()
    {
        using var dir = new TempDirectory();
        string path = dir.File("empty.onnx");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path));
        Assert.Equal($"cannot load model '{path}': file is empty", e.Message);
    }

    [Fact]
    public void Open_MissingFile_SaysNotFound()
    {
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open("/nonexistent/model.onnx"));
        Assert.Equal("cannot load model '/nonexistent/model.onnx': file not found", e.Message);
    }

    [Fact]
    public void Open_UnknownOperator_ReportsOnnxRuntimeReasonWithFile()
    {
        using var dir = new TempDirectory();
        string path = dir.File("badop.onnx");
        var model = SyntheticSignDetector.Build(320);
        model.Graph.Node[0].OpType = "NoSuchOperator";
        File.WriteAllBytes(path, model.ToByteArray());
        var e = Assert.Throws<ModelLoadException>(() => DetectorSession.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchOperator", e.Message, StringComparison.Ordinal);
    }
}
