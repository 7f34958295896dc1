using System.Globalization;
using Onboard.Kernels;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Graph;
using Onnx;

namespace Onboard.Models.Manifests;

/// <summary>
/// Checks a manifest against the model file it describes: the file's SHA-256, the real input's name,
/// shape and element type, the output layout and names, the class count the layout implies, and that
/// every value is one the runtime understands. Returns every problem, each naming its field, so one
/// load attempt tells the whole story.
/// </summary>
public static class ManifestVerifier
{
    public static List<ManifestIssue> Verify(ModelManifest manifest, ModelProto model, string sha256)
    {
        var issues = new List<ManifestIssue>();
        if (string.IsNullOrWhiteSpace(manifest.Id))
        {
            issues.Add(new("id", "missing"));
        }
        if (string.IsNullOrWhiteSpace(manifest.Version))
        {
            issues.Add(new("version", "missing"));
        }
        if (!string.Equals(manifest.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new("sha256", $"manifest says '{manifest.Sha256}', the file hashes to '{sha256}' (modified, or not the model this manifest describes)"));
        }
        VerifyInput(manifest.Input, model.Graph, issues);
        VerifyOutput(manifest, model.Graph, issues);
        var t = manifest.Thresholds;
        if (!(t.Score is >= 0 and <= 1))
        {
            issues.Add(new("thresholds.score", Invariant($"{t.Score} is outside [0, 1]")));
        }
        if (!(t.Iou is >= 0 and <= 1))
        {
            issues.Add(new("thresholds.iou", Invariant($"{t.Iou} is outside [0, 1]")));
        }
        if (t.MaxDetections <= 0)
        {
            issues.Add(new("thresholds.max_detections", Invariant($"{t.MaxDetections} must be positive")));
        }
        return issues;
    }

    private static void VerifyInput(InputSpec spec, GraphProto graph, List<ManifestIssue> issues)
    {
        var inputs = GraphValues.RealInputs(graph);
        ValueInfoProto? input = inputs.Find(i => i.Name == spec.Name);
        if (input is null)
        {
            issues.Add(new("input.name", $"'{spec.Name}' is not an input of the model (inputs: {string.Join(", ", inputs.Select(i => i.Name))})"));
        }
        // The value rules live with the parse that the loader keeps (InputFormat): one spelling of each name.
        InputFormat.Parse(spec, issues);
        if (TensorDataType.TryParse(spec.Dtype, out TensorElementType dtype) && input is not null && TensorDataType.ToElementType(GraphValues.ElementType(input)) != dtype)
        {
            issues.Add(new("input.dtype", $"manifest says {spec.Dtype}, the model's input '{input.Name}' is {TensorDataType.Name(GraphValues.ElementType(input))}"));
        }
        if (spec.Shape.Length != 4 || Array.Exists(spec.Shape, d => d <= 0))
        {
            issues.Add(new("input.shape", $"{Format(spec.Shape)} must be four positive dimensions"));
        }
        else if (input is not null)
        {
            long[] real = GraphValues.Dims(input);
            bool fits = real.Length == spec.Shape.Length;
            for (int i = 0; fits && i < real.Length; i++)
            {
                fits = real[i] < 0 || real[i] == spec.Shape[i];
            }
            if (!fits)
            {
                issues.Add(new("input.shape", $"manifest says {Format(spec.Shape)}, the model's input '{input.Name}' is {Format(real)}"));
            }
            bool knownLayout = PreprocessNames.TryParseLayout(spec.Layout, out TensorLayout layout);
            int channelAxis = layout == TensorLayout.Nhwc ? 3 : 1;
            if (knownLayout && spec.Shape[channelAxis] != 3)
            {
                issues.Add(new("input.layout", $"{spec.Layout} puts channels on axis {channelAxis}, but the shape {Format(spec.Shape)} has {spec.Shape[channelAxis]} there"));
            }
        }
    }

    private static void VerifyOutput(ModelManifest manifest, GraphProto graph, List<ManifestIssue> issues)
    {
        if (!OutputLayouts.TryParse(manifest.Output.Layout, out OutputLayout layout))
        {
            issues.Add(new("output.layout", $"unknown layout '{manifest.Output.Layout}'; expected one of {string.Join(", ", OutputLayouts.Names)}"));
            return;
        }
        foreach (string name in manifest.Output.Names)
        {
            if (!graph.Output.Any(o => o.Name == name))
            {
                issues.Add(new("output.names", $"'{name}' is not an output of the model (outputs: {string.Join(", ", graph.Output.Select(o => o.Name))})"));
            }
        }
        ValueInfoProto first = manifest.Output.Names.Length > 0
            ? graph.Output.FirstOrDefault(o => o.Name == manifest.Output.Names[0]) ?? graph.Output[0]
            : graph.Output[0];
        long[] dims = GraphValues.Dims(first);
        string? problem = LayoutShapeProblem(layout, dims, manifest.Classes.Length, out string field);
        if (problem is not null)
        {
            issues.Add(new(field, $"{problem} (output '{first.Name}' is {Format(dims)})"));
        }
    }

    /// <summary>Whether an output shape fits a layout; unknown (−1) dimensions fit anything.</summary>
    private static string? LayoutShapeProblem(OutputLayout layout, long[] dims, int classes, out string field)
    {
        field = "output.layout";
        static bool Known(long d) => d > 0;
        switch (layout)
        {
            case OutputLayout.YoloV8:
                if (dims.Length != 3)
                {
                    return "yolov8 expects [1, 4 + classes, anchors]";
                }
                if (Known(dims[1]) && classes > 0 && dims[1] - 4 != classes)
                {
                    field = "classes";
                    return Invariant($"manifest lists {classes} classes, the yolov8 head has {dims[1] - 4}");
                }
                return null;
            case OutputLayout.YoloV5:
                if (dims.Length != 3)
                {
                    return "yolov5 expects [1, anchors, 5 + classes]";
                }
                if (Known(dims[2]) && classes > 0 && dims[2] - 5 != classes)
                {
                    field = "classes";
                    return Invariant($"manifest lists {classes} classes, the yolov5 head has {dims[2] - 5}");
                }
                return null;
            case OutputLayout.EndToEnd:
                return dims.Length == 3 && (!Known(dims[2]) || dims[2] == 6) ? null : "yolov10 expects [1, detections, 6]";
            case OutputLayout.RtDetr:
                return dims.Length == 3 ? null : "rtdetr expects [1, queries, 4 + classes]";
            case OutputLayout.DbNet:
                return dims.Length == 4 && (!Known(dims[1]) || dims[1] == 1) ? null : "dbnet expects a probability map [1, 1, H, W]";
            case OutputLayout.Detections:
                return dims.Length == 3 && (!Known(dims[2]) || dims[2] == 7) ? null : "detections expects rows [1, K, 7] and a count [1]";
            default:
                return null;
        }
    }

    public static string Format(long[] dims) =>
        "[" + string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
