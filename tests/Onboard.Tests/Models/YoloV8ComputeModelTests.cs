using Onboard.Models.Compute;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Models;

public sealed class YoloV8ComputeModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Create_At640_HasYoloV8nComputeAndParameterCount()
    {
        var m = YoloV8ComputeModel.Create(640);
        output.WriteLine($"{m.Flops / 1e9:0.00} GFLOPs, {m.Parameters / 1e6:0.00} M parameters");
        // Ultralytics reports YOLOv8n as 8.7 GFLOPs and 3.2 M parameters (3,151,904 fused).
        Assert.InRange(m.Flops, 8.2e9, 9.2e9);
        Assert.InRange(m.Parameters, 3.0e6, 3.3e6);
    }

    [Fact]
    public void Build_SameSeed_SameBytes_OtherSeed_OtherWeights()
    {
        var a = YoloV8ComputeModel.Build(64, seed: 1).Graph.Initializer[0].RawData;
        var b = YoloV8ComputeModel.Build(64, seed: 1).Graph.Initializer[0].RawData;
        var c = YoloV8ComputeModel.Build(64, seed: 2).Graph.Initializer[0].RawData;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Build_PassesTheOnnxCheckerWithYoloV8HeadShape()
    {
        using var dir = new TempDirectory();
        string path = TestModels.WriteCompute(dir, 128);
        using var checker = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("onnx_check.py"), path);
        string? line = checker.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(line is not null, checker.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var shape = json.RootElement.GetProperty("outputs").GetProperty("output0").EnumerateArray().Select(e => e.GetInt32());
        Assert.Equal([1, 84, YoloV8ComputeModel.AnchorCount(128)], shape);
    }

    [Fact]
    public void Create_SizeNotMultipleOf32_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => YoloV8ComputeModel.Create(100));
        Assert.Contains("multiple of 32", e.Message, StringComparison.Ordinal);
    }
}
