using Google.Protobuf;
using Onboard.Models.Layouts;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Models;

public sealed class LayoutModelsTests
{
    [Fact]
    public void Build_EveryName_PassesTheOnnxCheckerWithFullShapeInference()
    {
        using var dir = new TempDirectory();
        foreach (string name in LayoutModels.Names)
        {
            string path = dir.File(name + ".onnx");
            File.WriteAllBytes(path, LayoutModels.Build(name).ToByteArray());
            using var checker = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("onnx_check.py"), path);
            string? line = checker.ReadLine(TimeSpan.FromSeconds(60));
            Assert.True(line is not null, $"{name}: {checker.StandardError}");
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.Equal(LayoutModels.InputName, json.RootElement.GetProperty("inputs").EnumerateObject().Single().Name);
        }
    }

    [Fact]
    public void Build_UnknownName_ListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => LayoutModels.Build("yolov99"));
        Assert.Contains("yolov8, yolov8seg, yolov5, yolov10, rtdetr, efficientnms, onnxnms", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NameInAnyCase_RecordsTheLayoutInMetadata()
    {
        var model = LayoutModels.Build("YOLOv10");
        Assert.Equal("yolov10", model.MetadataProps.Single(p => p.Key == "onboard_layout").Value);
    }
}
