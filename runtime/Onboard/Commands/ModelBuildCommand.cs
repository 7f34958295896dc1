using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Compute;
using Onboard.Models.Graph;
using Onboard.Models.GraphKernels;
using Onboard.Models.Layouts;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onnx;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard model build synthetic|compute|layout-NAME --output PATH</c>: writes a generated model (never
/// committed as a binary) and, with <c>--manifest</c>, its manifest sidecar. <c>--compose WxH</c> fuses the
/// preprocessing and NMS graph kernels in, for raw BGR frames of that size. <c>--batch N|dynamic</c> gives the
/// synthetic and compute models a fixed or dynamic batch axis, so one session can run several cameras' frames.
/// </summary>
internal static class ModelBuildCommand
{
    public static Command Create()
    {
        var kind = new Argument<string>("kind") { Description = "synthetic (sign detector), compute (YOLOv8n-sized, random weights) or layout-NAME" };
        var output = new Option<string>("--output") { Description = "Where to write the .onnx", Required = true };
        var size = new Option<int>("--size") { Description = "Square input size", DefaultValueFactory = _ => 640 };
        var classes = new Option<int>("--classes") { Description = "compute: number of classes", DefaultValueFactory = _ => YoloV8ComputeModel.DefaultClasses };
        var seed = new Option<int>("--seed") { Description = "compute: weight seed", DefaultValueFactory = _ => YoloV8ComputeModel.DefaultSeed };
        var manifest = new Option<bool>("--manifest") { Description = "Also write NAME.manifest.json next to the model" };
        var compose = new Option<string?>("--compose") { Description = "Fuse preprocessing (raw BGR frames WxH) and NMS into the graph, e.g. 1280x720" };
        var batch = new Option<string>("--batch") { Description = "synthetic, compute: the batch axis, 1, a fixed N or 'dynamic' (cross-camera batching needs N or dynamic)", DefaultValueFactory = _ => "1" };
        var command = new Command("build", "Write a generated model") { kind, output, size, classes, seed, manifest, compose, batch };
        command.SetAction(parse =>
        {
            string what = parse.GetValue(kind)!;
            string path = parse.GetValue(output)!;
            int s = parse.GetValue(size);
            if (!TryParseBatch(parse.GetValue(batch)!, out long b))
            {
                Console.Error.WriteLine($"model build: --batch must be a positive number or 'dynamic' (got '{parse.GetValue(batch)}')");
                return 2;
            }
            if (b != 1 && (parse.GetValue(compose) is not null || !(what is "synthetic" or "compute")))
            {
                Console.Error.WriteLine("model build: --batch applies to the synthetic and compute models without --compose (the composed graph takes one raw frame)");
                return 2;
            }
            ModelProto model;
            string[] names;
            switch (what)
            {
                case "synthetic":
                    model = SyntheticSignDetector.Build(s, b);
                    names = [.. SyntheticSignCatalog.ClassNames];
                    break;
                case "compute":
                    int c = parse.GetValue(classes);
                    model = YoloV8ComputeModel.Build(s, c, parse.GetValue(seed), b);
                    names = Enumerable.Range(0, c).Select(i => "class" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    break;
                case not null when what.StartsWith("layout-", StringComparison.Ordinal)
                    && LayoutModels.Names.Contains(what["layout-".Length..], StringComparer.OrdinalIgnoreCase):
                    if (parse.GetValue(compose) is not null)
                    {
                        Console.Error.WriteLine($"model build: '{what}' takes candidate rows, not images; --compose does not apply");
                        return 2;
                    }
                    model = LayoutModels.Build(what["layout-".Length..]);
                    names = Enumerable.Range(0, LayoutModels.ClassCount).Select(i => "class" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    break;
                default:
                    Console.Error.WriteLine(
                        $"model build: unknown model '{what}'; expected synthetic, compute or one of {string.Join(", ", LayoutModels.Names.Select(n => "layout-" + n))}");
                    return 2;
            }
            InputSpec? rawInput = null;
            if (parse.GetValue(compose) is { } frame)
            {
                (int fw, int fh) = ParseSize(frame);
                int anchors = (int)model.Graph.Output[0].Type.TensorType.Shape.Dim[2].DimValue;
                model = GraphComposer.Compose(model,
                    PreprocessGraph.Build(fw, fh, ChannelOrder.Bgr, new PreprocessOptions(s, s)),
                    NmsGraph.Build(names.Length, anchors, 0.25f, 0.7f, 300));
                rawInput = new InputSpec { Name = PreprocessGraph.InputName, Shape = [1, fh, fw, 3], Dtype = "uint8", Layout = "nhwc", ColorOrder = "bgr" };
            }
            byte[] bytes = model.ToByteArray();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, bytes);
            Console.WriteLine($"wrote {path} ({bytes.Length} bytes)");
            if (parse.GetValue(manifest))
            {
                string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                ModelManifest m = ManifestInference.Infer(model, what, sha, out _) with
                {
                    Id = what + (rawInput is null ? "" : "-composed"),
                    Version = "0.1.0",
                    Classes = names,
                };
                if (rawInput is not null)
                {
                    m = m with { Input = rawInput, Output = new OutputSpec { Layout = "detections", Names = [NmsGraph.DetectionsName, NmsGraph.CountName] } };
                }
                string manifestPath = ModelManifest.PathFor(path);
                File.WriteAllText(manifestPath, ModelLoader.ToJson(m));
                Console.WriteLine($"wrote {manifestPath}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>"dynamic" or a positive batch size.</summary>
    internal static bool TryParseBatch(string text, out long batch)
    {
        if (text == "dynamic")
        {
            batch = BatchAxis.Dynamic;
            return true;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out batch) && batch >= 1;
    }

    internal static (int Width, int Height) ParseSize(string text)
    {
        string[] parts = text.Split('x', 'X');
        if (parts.Length == 1)
        {
            parts = [parts[0], parts[0]];
        }
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int h) || w <= 0 || h <= 0)
        {
            throw new ArgumentException($"size '{text}' is not WIDTHxHEIGHT (e.g. 1280x720) or one positive number");
        }
        return (w, h);
    }
}
