using System.Globalization;
using Onboard.Models.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Layouts;

/// <summary>
/// One tiny generated model per detector output layout, so every decoder can be run against what ONNX
/// Runtime really produces for that layout. Each takes the same input, <c>candidates [1, N, 6]</c> float
/// (x1, y1, x2, y2, score, class id in input pixels of a <see cref="InputSize"/>² image), and re-expresses
/// it in its layout with plain ONNX ops: one-hot class scores, centre boxes, transposes, TopK, and for the
/// NMS-in-graph layouts ONNX's own <c>NonMaxSuppression</c>. A test feeds known candidates and checks the
/// decoded detections against them.
/// </summary>
public static partial class LayoutModels
{
    public const int ClassCount = 4;
    public const int AnchorCount = 128;
    public const int InputSize = 320;

    /// <summary>Rows of the end-to-end head and detections of the EfficientNMS outputs (K).</summary>
    public const int MaxDetections = 32;

    /// <summary>Thresholds the NMS-in-graph models run NonMaxSuppression with.</summary>
    public const float NmsIoUThreshold = 0.5f;
    public const float NmsScoreThreshold = 0.2f;

    /// <summary>Mask coefficients of the segmentation variant, ignored by the decoder.</summary>
    public const int MaskCoefficients = 32;

    public const string InputName = "candidates";

    private static readonly string[] s_names = ["yolov8", "yolov8seg", "yolov5", "yolov10", "rtdetr", "efficientnms", "onnxnms"];

    /// <summary>The layouts there is a model for: yolov8, yolov8seg, yolov5, yolov10, rtdetr, efficientnms, onnxnms.</summary>
    public static IReadOnlyList<string> Names => s_names;

    /// <summary>Builds the model of layout <paramref name="name"/> (one of <see cref="Names"/>, case-insensitive).</summary>
    public static ModelProto Build(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var g = new GraphBuilder("layout_" + name.ToLowerInvariant());
        string candidates = g.Input(InputName, DataType.Float, 1, AnchorCount, 6);
        string description;
        switch (name.ToLowerInvariant())
        {
            case "yolov8":
                YoloV8(g, candidates, masks: false);
                description = "YOLOv8/YOLO11 head [1, 4 + C, N]";
                break;
            case "yolov8seg":
                YoloV8(g, candidates, masks: true);
                description = "YOLOv8-seg head [1, 4 + C + 32, N] with mask prototypes";
                break;
            case "yolov5":
                YoloV5(g, candidates);
                description = "YOLOv5 head [1, N, 5 + C]";
                break;
            case "yolov10":
                EndToEnd(g, candidates);
                description = "end-to-end head [1, K, 6]";
                break;
            case "rtdetr":
                RtDetr(g, candidates);
                description = "RT-DETR head [1, Q, 4 + C], normalised boxes";
                break;
            case "efficientnms":
                EfficientNms(g, candidates);
                description = "EfficientNMS outputs num_dets, det_boxes, det_scores, det_classes";
                break;
            case "onnxnms":
                OnnxNms(g, candidates);
                description = "ONNX NonMaxSuppression: boxes, scores, selected_indices";
                break;
            default:
                throw new ArgumentException($"no layout model '{name}'; known: {string.Join(", ", s_names)}", nameof(name));
        }
        string names = string.Join(", ", Enumerable.Range(0, ClassCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i}: 'class{i}'")));
        return g.Build("0.1.0", new Dictionary<string, string>
        {
            ["description"] = "Onboard layout model: " + description,
            ["task"] = "detect",
            ["imgsz"] = string.Create(CultureInfo.InvariantCulture, $"[{InputSize}, {InputSize}]"),
            ["names"] = "{" + names + "}",
            ["onboard_layout"] = name.ToLowerInvariant(),
        });
    }

    /// <summary>Column <paramref name="index"/> of the candidates as <c>[1, N, 1]</c> (a 1-D index keeps the axis).</summary>
    private static string Column(GraphBuilder g, string candidates, long index) => g.Gather(candidates, 2, index);

    /// <summary>Centre box columns cx, cy, w, h, each <c>[1, N, 1]</c>, optionally divided by the input size.</summary>
    private static (string Cx, string Cy, string W, string H) CentreBox(GraphBuilder g, string candidates, bool normalise)
    {
        string x1 = Column(g, candidates, 0), y1 = Column(g, candidates, 1), x2 = Column(g, candidates, 2), y2 = Column(g, candidates, 3);
        string half = g.Scalar(0.5f);
        string cx = g.Mul(g.Add(x1, x2), half);
        string cy = g.Mul(g.Add(y1, y2), half);
        string w = g.Sub(x2, x1);
        string h = g.Sub(y2, y1);
        if (normalise)
        {
            string size = g.Scalar(InputSize);
            (cx, cy, w, h) = (g.Div(cx, size), g.Div(cy, size), g.Div(w, size), g.Div(h, size));
        }
        return (cx, cy, w, h);
    }

    /// <summary>Per-class scores <c>[1, N, C]</c>: the candidate's score in its class's column, 0 elsewhere,
    /// times <paramref name="scale"/> (a <c>[1, N, 1]</c> value) instead of the score when given.</summary>
    private static string OneHotScores(GraphBuilder g, string candidates, string? scale = null)
    {
        var classIds = new float[ClassCount];
        for (int c = 0; c < ClassCount; c++)
        {
            classIds[c] = c;
        }
        string range = g.Initializer(classIds, [1, 1, ClassCount]);
        string hot = g.Node("Cast", [g.Node("Equal", [Column(g, candidates, 5), range])], null, Attr.Int("to", (long)DataType.Float));
        return g.Mul(hot, scale ?? Column(g, candidates, 4));
    }

    private static string Transpose(GraphBuilder g, string x, params long[] perm) =>
        g.Node("Transpose", [x], null, Attr.Ints("perm", perm));
}
