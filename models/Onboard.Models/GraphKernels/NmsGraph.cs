using Onboard.Models.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.GraphKernels;

/// <summary>
/// Decode + NMS for the YOLOv8 head as an ONNX graph: <c>[1, 4 + C, N]</c> → best class per anchor
/// (ArgMax) → per-class <c>NonMaxSuppression</c> over boxes in centre form → global TopK by score →
/// padded to a fixed <c>detections [1, K, 7]</c> (x1, y1, x2, y2, score, class, anchor index) and
/// <c>count [1]</c>, so the session binds fixed-size outputs and stays allocation-free.
/// It matches the host kernels (<c>YoloV8Decoder</c> + <c>Nms.Greedy</c>) decision for decision: a score
/// passes at ≥ threshold (ORT's NMS keeps &gt; threshold, so the graph is given the next float below it),
/// only the anchor's best class competes (other classes are masked to zero), a box is suppressed at
/// IoU &gt; threshold against a kept box of its class, computed with the same float corners (cx ∓ w/2).
/// Not matched: the host also drops non-finite and empty boxes, which a sane head does not produce.
/// Opset 12 (Min over int64); composing it raises an opset-11 model to 12, which only widened types.
/// </summary>
public static class NmsGraph
{
    public const string DetectionsName = "detections";
    public const string CountName = "count";
    public const int Columns = 7;

    public static ModelProto Build(int classes, int anchors, float scoreThreshold, float iouThreshold, int maxDetections, string inputName = "output0")
    {
        if (classes <= 0 || anchors <= 0 || maxDetections <= 0)
        {
            throw new ArgumentException($"classes, anchors and max detections must be positive, got {classes}, {anchors}, {maxDetections}");
        }
        var g = new GraphBuilder("onboard_nms");
        string head = g.Input(inputName, DataType.Float, 1, 4 + classes, anchors);
        string Slice(string x, long start, long end, long axis) => g.Node("Slice", [x, g.Ints(start), g.Ints(end), g.Ints(axis)]);

        string boxes = g.Transpose(Slice(head, 0, 4, 1), 0, 2, 1);                          // [1, N, 4] cx, cy, w, h
        string scores = Slice(head, 4, 4 + classes, 1);                                     // [1, C, N]
        string best = g.Node("ArgMax", [scores], null, Attr.Int("axis", 1), Attr.Int("keepdims", 1)); // [1, 1, N]
        string bestScore = g.Node("GatherElements", [scores, best], null, Attr.Int("axis", 1));      // [1, 1, N]
        var classIds = new long[classes];
        for (int c = 0; c < classes; c++)
        {
            classIds[c] = c;
        }
        string isBest = g.Node("Cast", [g.Node("Equal", [g.Initializer(classIds, [1, classes, 1]), best])], null, Attr.Int("to", (long)DataType.Float));
        string masked = g.Mul(isBest, bestScore);                                          // [1, C, N]

        string selected = g.Node("NonMaxSuppression",
            [boxes, masked, g.Ints(maxDetections), g.Initializer([iouThreshold], [1]), g.Initializer([MathF.BitDecrement(scoreThreshold)], [1])],
            null, Attr.Int("center_point_box", 1));                                        // [K, 3] batch, class, box
        string boxIndex = g.Reshape(Slice(selected, 2, 3, 1), -1);                          // [K]
        string classIndex = g.Reshape(Slice(selected, 1, 2, 1), -1);                        // [K]
        string keptScore = g.Node("Gather", [g.Reshape(bestScore, -1), boxIndex], null, Attr.Int("axis", 0));

        // Best first, at most maxDetections: k = min(K, max).
        string k = g.Min(g.Node("Shape", [keptScore]), g.Ints(maxDetections));
        string[] top = g.NodeMulti("TopK", [keptScore, k], 2, null, Attr.Int("axis", 0), Attr.Int("largest", 1), Attr.Int("sorted", 1));
        string order = top[1];
        string anchor = g.Node("Gather", [boxIndex, order], null, Attr.Int("axis", 0));
        string cls = g.Node("Gather", [classIndex, order], null, Attr.Int("axis", 0));
        string box = g.Node("Gather", [g.Reshape(boxes, -1, 4), anchor], null, Attr.Int("axis", 0)); // [k, 4]
        string centre = Slice(box, 0, 2, 1);
        string half = g.Div(Slice(box, 2, 4, 1), g.Scalar(2));
        string ToColumn(string v) => g.Reshape(g.Node("Cast", [v], null, Attr.Int("to", (long)DataType.Float)), -1, 1);
        string rows = g.Concat(1, g.Sub(centre, half), g.Add(centre, half), g.Reshape(top[0], -1, 1), ToColumn(cls), ToColumn(anchor)); // [k, 7]

        string missing = g.Sub(g.Ints(maxDetections), k);                                  // [1]
        string pads = g.Concat(0, g.Ints(0, 0), missing, g.Ints(0));                       // [0, 0, max − k, 0]
        string padded = g.Node("Pad", [rows, pads, g.Scalar(0)], null, Attr.String("mode", "constant"));
        g.Output(g.Reshape(padded, 1, maxDetections, Columns), DetectionsName, DataType.Float, 1, maxDetections, Columns);
        g.Output(g.Node("Cast", [k], null, Attr.Int("to", (long)DataType.Float)), CountName, DataType.Float, 1);
        return g.Build("0.1.0", opset: 12);
    }
}
