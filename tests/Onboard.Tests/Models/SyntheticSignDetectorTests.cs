using Google.Protobuf;
using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Models;

public sealed class SyntheticSignDetectorTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_PassesTheOnnxCheckerWithYoloV8OutputShape()
    {
        using var dir = new TempDirectory();
        string path = dir.File("signs.onnx");
        File.WriteAllBytes(path, SyntheticSignDetector.Build().ToByteArray());
        using var checker = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("onnx_check.py"), path);
        string? line = checker.ReadLine(TimeSpan.FromSeconds(60));
        Assert.True(line is not null, checker.StandardError);
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var outputShape = json.RootElement.GetProperty("outputs").GetProperty("output0").EnumerateArray().Select(e => e.GetInt32());
        Assert.Equal([1, 4 + SyntheticSignCatalog.Signs.Count, 8400], outputShape);
        Assert.Equal(17, json.RootElement.GetProperty("opset").GetInt32());
    }

    [Fact]
    public void Detect_FortyGeneratedScenes_FindsEverySignWithAtMostTwoFalsePositives()
    {
        using var dir = new TempDirectory();
        string path = dir.File("signs.onnx");
        File.WriteAllBytes(path, SyntheticSignDetector.Build().ToByteArray());
        using var session = DetectorSession.Open(path);
        var detector = new FrameDetector(session, new DetectorSettings());
        var generator = new SceneGenerator(new SceneOptions { Seed = 7 });
        var results = new Detection[300];
        var total = default(MatchResult);
        double widthError = 0;
        int widthCount = 0;
        for (int i = 0; i < 40; i++)
        {
            Scene scene = generator.Generate(i);
            var frame = new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);
            int n = detector.Detect(frame, results);
            var m = DetectionMatcher.Match(results.AsSpan(0, n), scene.Truths);
            if (m.FalseNegatives + m.FalsePositives > 0)
            {
                output.WriteLine($"scene {i}: {m}");
                foreach (var t in scene.Truths) output.WriteLine($"  truth {t}");
                for (int k = 0; k < n; k++) output.WriteLine($"  det {results[k]}");
            }
            total += m;
            for (int k = 0; k < n; k++)
            {
                foreach (var t in scene.Truths)
                {
                    if (t.ClassId == results[k].ClassId && global::Onboard.Kernels.Geometry.BoxF.IoU(t.Box, results[k].Box) > 0.5)
                    {
                        widthError += results[k].Box.Width - t.Box.Width;
                        widthCount++;
                    }
                }
            }
        }
        output.WriteLine($"total {total} precision {total.Precision:0.000} recall {total.Recall:0.000} meanIoU {total.MeanIoU:0.000} width error {widthError / widthCount:0.000}");
        Assert.Equal(0, total.FalseNegatives);
        Assert.True(total.FalsePositives <= 2, $"{total.FalsePositives} false positives");
    }
}
