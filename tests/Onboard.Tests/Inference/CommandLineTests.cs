using System.Text.Json;
using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary><c>onboard model inspect|build</c> and <c>onboard detect</c>, run as the real executable.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ModelBuild_SyntheticWithManifest_InspectJsonReportsManifestOkAndHash()
    {
        string path = _dir.File("signs.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "synthetic", "--size", "320", "--output", path, "--manifest").ExitCode);
        using var json = OnboardCli.Json("model", "inspect", path, "--json");
        var root = json.RootElement;
        Assert.Equal("ok", root.GetProperty("manifest").GetProperty("status").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), root.GetProperty("sha256").GetString());
        Assert.Equal(17, root.GetProperty("opset").GetInt32());
        Assert.Equal([1, 3, 320, 320], root.GetProperty("inputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("yolov8", root.GetProperty("manifest").GetProperty("content").GetProperty("output").GetProperty("layout").GetString());
    }

    [Fact]
    public void ModelInspect_TamperedModel_ExitsOneListingTheField()
    {
        string path = _dir.File("compute.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "compute", "--size", "64", "--output", path, "--manifest").ExitCode);
        // Replaced by another valid model (other weights) without updating the manifest.
        Assert.Equal(0, OnboardCli.Run("model", "build", "compute", "--size", "64", "--seed", "9", "--output", path).ExitCode);
        var (code, output, _) = OnboardCli.Run("model", "inspect", path);
        Assert.Equal(1, code);
        Assert.Contains("manifest   REFUSED", output, StringComparison.Ordinal);
        Assert.Contains("sha256: manifest says", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelBuild_LayoutModel_WritesAModelOrtRunsWithThatLayoutsOutputs()
    {
        string path = _dir.File("yolov5.onnx");
        var (code, _, error) = OnboardCli.Run("model", "build", "layout-yolov5", "--output", path);
        Assert.True(code == 0, error);
        using var json = OnboardCli.Json("model", "inspect", path, "--json");
        var output = json.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32());
        Assert.Equal([1, Onboard.Models.Layouts.LayoutModels.AnchorCount, 5 + Onboard.Models.Layouts.LayoutModels.ClassCount], output);
    }

    [Fact]
    public void ModelBuild_UnknownLayout_ListsTheLayoutModels()
    {
        var (code, _, error) = OnboardCli.Run("model", "build", "layout-yolov99", "--output", _dir.File("x.onnx"));
        Assert.Equal(2, code);
        Assert.Contains("layout-efficientnms", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelBuild_ComputeWithDynamicBatch_InspectShowsASymbolicBatchOnInputAndOutput()
    {
        string path = _dir.File("compute-batch.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "compute", "--size", "96", "--batch", "dynamic", "--output", path, "--manifest").ExitCode);
        using var json = OnboardCli.Json("model", "inspect", path, "--json");
        var root = json.RootElement;
        Assert.Equal("d0", root.GetProperty("inputs")[0].GetProperty("shape")[0].GetString());
        Assert.Equal("d0", root.GetProperty("outputs")[0].GetProperty("shape")[0].GetString());
        // The manifest binds one image unless the session asks for a batch.
        Assert.Equal(1, root.GetProperty("manifest").GetProperty("content").GetProperty("input").GetProperty("shape")[0].GetInt32());
    }

    [Theory]
    [InlineData("synthetic", "0", "--batch must be a positive number or 'dynamic' (got '0')")]
    [InlineData("synthetic", "2", "--batch applies to the synthetic and compute models without --compose")]
    [InlineData("layout-yolov8", "2", "--batch applies to the synthetic and compute models without --compose")]
    public void ModelBuild_BatchThatCannotApply_ExitsTwoSayingWhy(string kind, string batch, string message)
    {
        string[] compose = kind == "synthetic" && batch == "2" ? ["--compose", "640x480"] : [];
        var (code, _, error) = OnboardCli.Run(["model", "build", kind, "--batch", batch, "--output", _dir.File("x.onnx"), .. compose]);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelInspect_PpOcrV4Detector_ShowsDynamicDimensionsByNameAndInfersDbnet()
    {
        using var json = OnboardCli.Json("model", "inspect", OnboardCli.PpOcrV4Detector(), "--json");
        var root = json.RootElement;
        var shape = root.GetProperty("inputs")[0].GetProperty("shape");
        Assert.Equal("x", root.GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal("p2o.DynamicDimension.1", shape[2].GetString());
        Assert.Equal(3, shape[1].GetInt32());
        Assert.Equal(11, root.GetProperty("opset").GetInt32());
        Assert.Equal("inferred", root.GetProperty("manifest").GetProperty("status").GetString());
        Assert.Equal("dbnet", root.GetProperty("manifest").GetProperty("content").GetProperty("output").GetProperty("layout").GetString());
    }

    [Theory]
    [InlineData("text.png")]
    [InlineData("text.jpg")]
    public void Detect_PpOcrV4DetectorOnRenderedText_FindsTheTextWhereItWasDrawn(string name)
    {
        string image = _dir.File(name);
        using var render = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("text_image.py"), image, "800", "400");
        string? line = render.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(line is not null, render.StandardError);
        var truth = JsonDocument.Parse(line).RootElement.GetProperty("box").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        using var json = OnboardCli.Json("detect", "--model", OnboardCli.PpOcrV4Detector(), image, "--providers", "cpu", "--json");
        var root = json.RootElement;
        Assert.Equal("dbnet", root.GetProperty("layout").GetString());
        var detection = Assert.Single(root.GetProperty("detections").EnumerateArray());
        Assert.Equal("text", detection.GetProperty("class").GetString());
        Assert.Equal(4, detection.GetProperty("quad").GetArrayLength());
        var r = detection.GetProperty("box").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var iou = Onboard.Kernels.Geometry.BoxF.IoU(new(r[0], r[1], r[2], r[3]), new(truth[0], truth[1], truth[2], truth[3]));
        Assert.True(iou >= 0.5f, $"text box [{string.Join(", ", r)}] vs drawn [{string.Join(", ", truth)}]: IoU {iou:0.00}");
    }

    [Fact]
    public void Detect_SyntheticDetectorOnAScenePng_PrintsEverySignInSourcePixels()
    {
        string model = _dir.File("signs.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "synthetic", "--output", model).ExitCode);
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 21 }).Generate(3);
        string raw = _dir.File("scene.bgr");
        File.WriteAllBytes(raw, scene.Pixels);
        string png = _dir.File("scene.png");
        using (var ffmpeg = new PeerProcess("ffmpeg", "-v", "error", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{scene.Width}x{scene.Height}", "-i", raw, "-frames:v", "1", png))
        {
            Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(60)) && ffmpeg.ExitCode == 0, ffmpeg.StandardError);
        }
        using var json = OnboardCli.Json("detect", "--model", model, png, "--providers", "cpu", "--json");
        var detections = json.RootElement.GetProperty("detections").EnumerateArray().Select(d =>
        {
            var b = d.GetProperty("box").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            return new Detection(new BoxF(b[0], b[1], b[2], b[3]), d.GetProperty("score").GetSingle(), d.GetProperty("class_id").GetInt32(), 0);
        }).ToArray();
        var match = DetectionMatcher.Match(detections, scene.Truths);
        Assert.True(scene.Truths.Count > 0);
        Assert.Equal(0, match.FalseNegatives);
    }

    [Fact]
    public void Detect_CudaOnlyChain_ExitsTwoWithTheReason()
    {
        string model = _dir.File("signs.onnx");
        Assert.Equal(0, OnboardCli.Run("model", "build", "synthetic", "--size", "320", "--output", model).ExitCode);
        string png = _dir.File("blank.png");
        using (var ffmpeg = new PeerProcess("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=gray:s=64x48", "-frames:v", "1", png))
        {
            Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(60)) && ffmpeg.ExitCode == 0, ffmpeg.StandardError);
        }
        var (code, _, error) = OnboardCli.Run("detect", "--model", model, png, "--providers", "cuda");
        Assert.Equal(2, code);
        Assert.Contains("detect: no execution provider of the chain [cuda] can run the model", error, StringComparison.Ordinal);
    }
}
