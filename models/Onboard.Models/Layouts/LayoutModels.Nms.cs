using Onboard.Models.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Layouts;

/// <summary>The layouts with NMS in the graph, both built on ONNX's own NonMaxSuppression.</summary>
public static partial class LayoutModels
{
    /// <summary>Boxes <c>[1, N, 4]</c> (x1, y1, x2, y2), per-class scores <c>[1, C, N]</c>, and what
    /// NonMaxSuppression selects from them <c>[S, 3]</c> (per class, at most <paramref name="perClass"/> each).</summary>
    private static (string Boxes, string Scores, string Selected) Suppress(GraphBuilder g, string candidates, long perClass)
    {
        string boxes = g.Gather(candidates, 2, 0, 1, 2, 3);
        string scores = Transpose(g, OneHotScores(g, candidates), 0, 2, 1);
        // center_point_box 0 is documented as y1, x1, y2, x2; IoU does not care which axis is which.
        string selected = g.Node("NonMaxSuppression",
            [boxes, scores, g.Ints(perClass), g.Initializer([NmsIoUThreshold], [1]), g.Initializer([NmsScoreThreshold], [1])],
            null, Attr.Int("center_point_box", 0));
        return (boxes, scores, selected);
    }

    /// <summary>ONNX NMS with every box it keeps: outputs boxes, scores and selected_indices.</summary>
    private static void OnnxNms(GraphBuilder g, string candidates)
    {
        var (boxes, scores, selected) = Suppress(g, candidates, AnchorCount);
        g.Output(boxes, "boxes", DataType.Float, 1, AnchorCount, 4);
        g.Output(scores, "scores", DataType.Float, 1, ClassCount, AnchorCount);
        g.Output(selected, "selected_indices", DataType.Int64, -1, 3);
    }

    /// <summary>
    /// TensorRT EfficientNMS's outputs from standard ops: the selected detections gathered, sorted by score
    /// across classes, padded (or cut) to K: <c>num_dets [1, 1]</c> int32, <c>det_boxes [1, K, 4]</c>,
    /// <c>det_scores [1, K]</c>, <c>det_classes [1, K]</c> int32.
    /// </summary>
    private static void EfficientNms(GraphBuilder g, string candidates)
    {
        var (boxes, scores, selected) = Suppress(g, candidates, MaxDetections);
        string selectedScores = g.Node("GatherND", [scores, selected]);                          // [S]
        string batchAndBox = g.Gather(selected, 1, 0, 2);                                          // [S, 2]
        string selectedBoxes = g.Node("GatherND", [boxes, batchAndBox]);                           // [S, 4]
        string selectedClasses = g.Reshape(g.Gather(selected, 1, 1), -1);                         // [S] int64
        string count = g.Node("Shape", [selectedScores]);                                          // [1] = S
        string[] top = g.NodeMulti("TopK", [selectedScores, count], 2, null, Attr.Int("axis", 0), Attr.Int("largest", 1), Attr.Int("sorted", 1));
        string order = top[1];
        string k = g.Ints(MaxDetections);
        string zero = g.Ints(0);
        string PadCut(string x, string padding) =>
            g.Node("Slice", [g.Concat(0, x, padding), zero, k, zero]);
        string detScores = PadCut(top[0], g.Initializer(new float[MaxDetections], [MaxDetections]));
        string detBoxes = PadCut(g.Node("Gather", [selectedBoxes, order], null, Attr.Int("axis", 0)), g.Initializer(new float[MaxDetections * 4], [MaxDetections, 4]));
        string detClasses = PadCut(g.Node("Gather", [selectedClasses, order], null, Attr.Int("axis", 0)), g.Initializer(new long[MaxDetections], [MaxDetections]));
        string num = g.Node("Min", [count, k]);
        g.Output(g.Node("Cast", [g.Reshape(num, 1, 1)], null, Attr.Int("to", (long)DataType.Int32)), "num_dets", DataType.Int32, 1, 1);
        g.Output(g.Reshape(detBoxes, 1, MaxDetections, 4), "det_boxes", DataType.Float, 1, MaxDetections, 4);
        g.Output(g.Reshape(detScores, 1, MaxDetections), "det_scores", DataType.Float, 1, MaxDetections);
        g.Output(g.Node("Cast", [g.Reshape(detClasses, 1, MaxDetections)], null, Attr.Int("to", (long)DataType.Int32)), "det_classes", DataType.Int32, 1, MaxDetections);
    }
}
