using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Compute;
using Onboard.Models.GraphKernels;
using Onboard.Models.Loading;
using Onboard.Models.Manifests;
using Onboard.Models.Synthetic;
using Onnx;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard model build synthetic|compute|layout-NAME --output PATH</c>: writes a generated model (never
/// committed as a binary) and, with <c>--manifest</c>, its manifest sidecar. <c>--compose WxH</c> fuses the
/// preprocessing and NMS graph kernels in, for raw BGR frames of that size.
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
        var command = new Command("build", "Write a generated model") { kind, output, size, classes, seed, manifest, compose };
        command.SetAction(parse =>
        {
            string what = parse.GetValue(kind)!;
            string path = parse.GetValue(output)!;
            int s = parse.GetValue(size);
            ModelProto model;
            string[] names;
            switch (what)
            {
                case "synthetic":
                    model = SyntheticSignDetector.Build(s);
                    names = [.. SyntheticSignCatalog.ClassNames];
                    break;
                case "compute":
                    int c = parse.GetValue(classes);
                    model = YoloV8ComputeModel.Build(s, c, parse.GetValue(seed));
                    names = Enumerable.Range(0, c).Select(i => "class" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                    break;
                default:
                    Console.Error.WriteLine(what.StartsWith("layout-", StringComparison.Ordinal)
                        ? $"model build: '{what}': the per-layout test models (Onboard.Models.Layouts) come with the postprocessing kernels and are not on this branch yet; available here: synthetic, compute"
                        : $"model build: unknown model '{what}'; expected synthetic, compute or layout-NAME ({string.Join(", ", OutputLayouts.Names.Select(n => "layout-" + n))})");
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
                    m = m with { Input = rawInput, Output = new OutputSpec { Layout = "onnxnms", Names = [NmsGraph.DetectionsName, NmsGraph.CountName] } };
                }
                string manifestPath = ModelManifest.PathFor(path);
                File.WriteAllText(manifestPath, ModelLoader.ToJson(m));
                Console.WriteLine($"wrote {manifestPath}");
            }
            return 0;
        });
        return command;
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
