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
    public void ModelBuild_LayoutModel_SaysItIsNotOnThisBranch()
    {
        var (code, _, error) = OnboardCli.Run("model", "build", "layout-yolov5", "--output", _dir.File("x.onnx"));
        Assert.Equal(2, code);
        Assert.Contains("Onboard.Models.Layouts", error, StringComparison.Ordinal);
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
        Assert.True(root.GetProperty("peak").GetSingle() > 0.9f);
        var r = root.GetProperty("text_region").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        // DBNet marks a shrunk core of each text line (PaddleOCR unclips it by 1.5): inside the drawn box, most of its width.
        Assert.True(r[0] >= truth[0] - 4 && r[1] >= truth[1] - 4 && r[2] <= truth[2] + 4 && r[3] <= truth[3] + 4, $"region [{string.Join(", ", r)}] vs text [{string.Join(", ", truth)}]");
        Assert.True(r[2] - r[0] > 0.8f * (truth[2] - truth[0]));
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
