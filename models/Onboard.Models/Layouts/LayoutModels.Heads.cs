using Onboard.Models.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Onboard.Models.Layouts;

/// <summary>The single-tensor heads: YOLOv8 (and -seg), YOLOv5, end-to-end, RT-DETR.</summary>
public static partial class LayoutModels
{
    /// <summary><c>output0 [1, 4 + C (+ 32), N]</c>; the seg variant adds mask rows of 7 (which would win
    /// any argmax that read them) and an <c>output1 [1, 32, 8, 8]</c> prototype output.</summary>
    private static void YoloV8(GraphBuilder g, string candidates, bool masks)
    {
        var (cx, cy, w, h) = CentreBox(g, candidates, normalise: false);
        string scores = OneHotScores(g, candidates);
        int rows = 4 + ClassCount;
        string rowsLast;
        if (masks)
        {
            rows += MaskCoefficients;
            string coefficients = g.Initializer(Filled(AnchorCount * MaskCoefficients, 7f), [1, AnchorCount, MaskCoefficients]);
            rowsLast = g.Concat(2, cx, cy, w, h, scores, coefficients);
            string prototypes = g.Initializer(Filled(MaskCoefficients * 64, 0f), [1, MaskCoefficients, 8, 8]);
            g.Output(Transpose(g, rowsLast, 0, 2, 1), "output0", DataType.Float, 1, rows, AnchorCount);
            g.Output(prototypes, "output1", DataType.Float, 1, MaskCoefficients, 8, 8);
            return;
        }
        rowsLast = g.Concat(2, cx, cy, w, h, scores);
        g.Output(Transpose(g, rowsLast, 0, 2, 1), "output0", DataType.Float, 1, rows, AnchorCount);
    }

    /// <summary><c>output0 [1, N, 5 + C]</c> with objectness √score and class scores √score, so that
    /// objectness × class gives the score back.</summary>
    private static void YoloV5(GraphBuilder g, string candidates)
    {
        var (cx, cy, w, h) = CentreBox(g, candidates, normalise: false);
        string root = g.Sqrt(Column(g, candidates, 4));
        string scores = OneHotScores(g, candidates, root);
        g.Output(g.Concat(2, cx, cy, w, h, root, scores), "output0", DataType.Float, 1, AnchorCount, 5 + ClassCount);
    }

    /// <summary><c>output0 [1, K, 6]</c>: the K best candidates by score (TopK), rows as they came.</summary>
    private static void EndToEnd(GraphBuilder g, string candidates)
    {
        string scores = g.Reshape(Column(g, candidates, 4), 1, AnchorCount);
        string[] top = g.NodeMulti("TopK", [scores, g.Ints(MaxDetections)], 2, null, Attr.Int("axis", 1), Attr.Int("largest", 1), Attr.Int("sorted", 1));
        string rows = g.Node("Gather", [candidates, top[1]], null, Attr.Int("axis", 1));
        g.Output(g.Reshape(rows, 1, MaxDetections, 6), "output0", DataType.Float, 1, MaxDetections, 6);
    }

    /// <summary><c>output0 [1, Q, 4 + C]</c>: boxes as cx, cy, w, h over the input size, one-hot scores.</summary>
    private static void RtDetr(GraphBuilder g, string candidates)
    {
        var (cx, cy, w, h) = CentreBox(g, candidates, normalise: true);
        g.Output(g.Concat(2, cx, cy, w, h, OneHotScores(g, candidates)), "output0", DataType.Float, 1, AnchorCount, 4 + ClassCount);
    }

    private static float[] Filled(int length, float value)
    {
        var a = new float[length];
        Array.Fill(a, value);
        return a;
    }
}
