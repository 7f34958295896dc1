using System.Globalization;
using System.Text.RegularExpressions;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Graph;
using Onnx;

namespace Onboard.Models.Manifests;

/// <summary>
/// Best-effort manifest for a model that came without one: the layout guessed from the output shape,
/// class names from Ultralytics' <c>names</c> metadata when present, preprocessing defaults of the family
/// the layout belongs to. The result is a guess and is reported as one (a warning names what was inferred).
/// </summary>
public static partial class ManifestInference
{
    public static ModelManifest Infer(ModelProto model, string id, string sha256, out string description)
    {
        var graph = model.Graph;
        var inputs = GraphValues.RealInputs(graph);
        if (inputs.Count == 0 || graph.Output.Count == 0)
        {
            throw new ArgumentException("the model has no inputs or no outputs");
        }
        ValueInfoProto input = inputs[0];
        long[] inDims = GraphValues.Dims(input);
        long[] outDims = GraphValues.Dims(graph.Output[0]);
        string[] classes = ParseNames(model);
        OutputLayout layout = GuessLayout(graph, outDims, ref classes);
        bool nhwc = inDims.Length == 4 && inDims[3] == 3 && inDims[1] != 3;
        // A dynamic batch is one frame; dynamic height/width stay unknown for the session to fix from options.
        long[] shape = (long[])inDims.Clone();
        if (shape.Length == 4 && shape[0] < 0)
        {
            shape[0] = 1;
        }
        var spec = layout == OutputLayout.DbNet
            // PaddleOCR's detection preprocessing: BGR, resized to the input, ImageNet mean/std.
            ? new InputSpec
            {
                Name = input.Name, Shape = shape, Dtype = TensorDataType.Name(GraphValues.ElementType(input)),
                Layout = nhwc ? "nhwc" : "nchw", ColorOrder = "bgr", Geometry = "stretch", PadValue = 0,
                Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f],
            }
            : new InputSpec
            {
                Name = input.Name, Shape = shape, Dtype = TensorDataType.Name(GraphValues.ElementType(input)),
                Layout = nhwc ? "nhwc" : "nchw",
            };
        description = $"layout {OutputLayouts.Name(layout)} from output '{graph.Output[0].Name}' {ManifestVerifier.Format(outDims)}, " +
            $"{(classes.Length > 0 ? classes.Length.ToString(CultureInfo.InvariantCulture) + " classes" : "no class names")}, " +
            $"{spec.ColorOrder} {spec.Geometry} preprocessing";
        return new ModelManifest
        {
            Id = id,
            Version = model.ModelVersion > 0 ? model.ModelVersion.ToString(CultureInfo.InvariantCulture) : "unversioned",
            Sha256 = sha256,
            Input = spec,
            Output = new OutputSpec { Layout = OutputLayouts.Name(layout) },
            Classes = classes,
        };
    }

    private static OutputLayout GuessLayout(GraphProto graph, long[] dims, ref string[] classes)
    {
        if (graph.Output.Count == 4 && graph.Output.Any(o => o.Name.Contains("num_det", StringComparison.OrdinalIgnoreCase)))
        {
            return OutputLayout.EfficientNms;
        }
        if (graph.Output.Count == 2 && graph.Output.Any(o => o.Name == "count"))
        {
            return OutputLayout.Detections;
        }
        if (graph.Output.Count == 3 && graph.Output.Any(o => o.Name.Contains("selected", StringComparison.OrdinalIgnoreCase)))
        {
            return OutputLayout.OnnxNms;
        }
        if (dims.Length == 4)
        {
            return OutputLayout.DbNet;
        }
        if (dims.Length == 3 && dims[1] > 0 && dims[2] > 0)
        {
            if (dims[2] == 6 && dims[1] > 6)
            {
                return OutputLayout.EndToEnd;
            }
            if (dims[1] > 4 && dims[1] < dims[2])
            {
                classes = Fit(classes, (int)dims[1] - 4);
                return OutputLayout.YoloV8;
            }
            if (dims[2] > 5)
            {
                classes = Fit(classes, (int)dims[2] - 5);
                return OutputLayout.YoloV5;
            }
        }
        return OutputLayout.YoloV8;
    }

    /// <summary>Names from metadata are only used when their count fits the head.</summary>
    private static string[] Fit(string[] names, int count) => names.Length == count ? names : [];

    /// <summary>Ultralytics stores <c>names</c> as a Python dict literal: <c>{0: 'person', 1: 'bicycle'}</c>.</summary>
    private static string[] ParseNames(ModelProto model)
    {
        var entry = model.MetadataProps.FirstOrDefault(p => p.Key == "names");
        if (entry is null)
        {
            return [];
        }
        var names = new List<string>();
        foreach (Match m in NameEntry().Matches(entry.Value))
        {
            names.Add(m.Groups[1].Value);
        }
        return [.. names];
    }

    [GeneratedRegex(@"\d+\s*:\s*'([^']*)'")]
    private static partial Regex NameEntry();
}
