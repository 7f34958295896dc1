using System.Diagnostics.CodeAnalysis;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Works out a detector's output layout from its output shapes and element types, or checks a declared
/// one. Recognition never guesses: when shapes fit more than one layout (a <c>[1, 300, 84]</c> head is RT-DETR
/// with 80 classes or YOLOv5 with 79) it fails and says what would settle it. Runs once per model load.
/// </summary>
public static class LayoutRecognizer
{
    /// <summary>The one layout the outputs fit; <paramref name="classCount"/> 0 means unknown.</summary>
    public static LayoutSpec Recognize(IReadOnlyList<OutputTensorInfo> outputs, int classCount = 0)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var matches = new List<LayoutSpec>();
        var reasons = new List<string>();
        foreach (OutputLayoutFacts row in OutputLayoutInfo.All)
        {
            OutputLayout layout = row.Layout;
            if (TryMatch(layout, outputs, classCount, strict: true, out LayoutSpec? spec, out string? reason))
            {
                matches.Add(spec);
            }
            else
            {
                reasons.Add($"not {layout}: {reason}");
            }
        }
        if (matches.Count == 1)
        {
            return matches[0];
        }
        if (matches.Count == 0)
        {
            throw new OutputLayoutException($"outputs {Describe(outputs)} fit no known detector layout ({string.Join("; ", reasons)})");
        }
        throw new OutputLayoutException(
            $"outputs {Describe(outputs)} are ambiguous: they fit {string.Join(" and ", matches)}; " +
            "declare the layout in the model manifest or give the class count");
    }

    /// <summary>Checks that the outputs fit the declared <paramref name="layout"/> and works out its sizes.</summary>
    public static LayoutSpec Resolve(OutputLayout layout, IReadOnlyList<OutputTensorInfo> outputs, int classCount = 0)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!TryMatch(layout, outputs, classCount, strict: false, out LayoutSpec? spec, out string? reason))
        {
            throw new OutputLayoutException($"outputs {Describe(outputs)} do not fit the declared layout {layout}: {reason}");
        }
        return spec;
    }

    /// <summary>
    /// The layout a manifest names, by the family names people use: yolov8, yolo11, yolov8seg (YoloV8);
    /// yolov5, yolov7, yolox (YoloV5); yolov10, yolo26, e2e (EndToEnd); rtdetr; efficientnms; onnxnms;
    /// detections (Onboard's composed NMS); dbnet.
    /// Case, '-' and '_' are ignored. These include every <c>LayoutModels</c> name.
    /// </summary>
    public static OutputLayout ParseLayout(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return OutputLayoutInfo.TryParse(name, out OutputLayout layout)
            ? layout
            : throw new OutputLayoutException($"unknown output layout '{name}'; known: {OutputLayoutInfo.KnownNames}");
    }

    private static bool TryMatch(OutputLayout layout, IReadOnlyList<OutputTensorInfo> outputs, int classCount, bool strict,
        [NotNullWhen(true)] out LayoutSpec? spec, [NotNullWhen(false)] out string? reason)
    {
        reason = layout switch
        {
            OutputLayout.EfficientNms => MatchEfficientNms(outputs, classCount, out spec),
            OutputLayout.OnnxNms => MatchOnnxNms(outputs, classCount, out spec),
            OutputLayout.Detections => MatchDetections(outputs, classCount, out spec),
            OutputLayout.DbNet => MatchDbNet(outputs, out spec),
            _ => MatchHead(layout, outputs, classCount, strict, out spec),
        };
        return reason is null;
    }

    /// <summary>The single-tensor heads. The anchor dimension is the long (or dynamic) one: heads have far more
    /// anchors than channels, which is what tells <c>[B, 84, 8400]</c> from <c>[B, 8400, 85]</c>.</summary>
    private static string? MatchHead(OutputLayout layout, IReadOnlyList<OutputTensorInfo> outputs, int classCount, bool strict, out LayoutSpec? spec)
    {
        spec = null;
        int head = -1;
        int heads = 0;
        OutputTensorInfo? prototypes = null;
        for (int i = 0; i < outputs.Count; i++)
        {
            if (outputs[i].ElementType == TensorElementType.Float32 && outputs[i].Rank == 3)
            {
                head = i;
                heads++;
            }
            else if (outputs[i].Rank == 4)
            {
                prototypes = outputs[i];
            }
        }
        if (heads != 1)
        {
            return $"needs exactly one float [B, ·, ·] output, found {heads}";
        }
        if (outputs.Count > 1 + (prototypes is null ? 0 : 1))
        {
            return $"a single head explains at most the head and mask prototypes, found {outputs.Count} outputs";
        }
        long d1 = outputs[head].Shape[1];
        long d2 = outputs[head].Shape[2];
        string masksNeedCount = $"{outputs[head].Name} comes with {prototypes} (mask prototypes), so its channels are boxes + classes + mask coefficients: give the class count";
        switch (layout)
        {
            case OutputLayout.YoloV8:
            {
                if (d1 <= 0)
                {
                    return "its channel dimension (1) is dynamic";
                }
                if (strict && d2 >= 0 && d1 >= d2)
                {
                    return $"channel-major heads have fewer channels ({d1}) than anchors ({d2})";
                }
                if (classCount <= 0 && prototypes is not null)
                {
                    return masksNeedCount;
                }
                int c = classCount > 0 ? classCount : (int)d1 - 4;
                if (c < 1 || d1 < 4 + c)
                {
                    return $"{d1} channels cannot hold 4 box values and {c} classes";
                }
                spec = new LayoutSpec(layout, c, d2, (int)d1, [head]);
                return null;
            }
            case OutputLayout.YoloV5:
            case OutputLayout.RtDetr:
            case OutputLayout.EndToEnd:
            {
                if (d2 <= 0)
                {
                    return "its channel dimension (2) is dynamic";
                }
                if (strict && d1 >= 0 && d2 >= d1 && !(layout == OutputLayout.RtDetr && classCount > 0))
                {
                    return $"anchor-major heads have fewer channels ({d2}) than rows ({d1})";
                }
                if (layout == OutputLayout.EndToEnd)
                {
                    if (d2 != EndToEndDecoder.Channels)
                    {
                        return $"rows of {d2} values, not 6 (x1, y1, x2, y2, score, class)";
                    }
                    spec = new LayoutSpec(layout, Math.Max(classCount, 0), d1, 6, [head]);
                    return null;
                }
                if (classCount <= 0 && prototypes is not null)
                {
                    return layout == OutputLayout.YoloV5 ? masksNeedCount : $"RT-DETR has no output like {prototypes}";
                }
                int box = layout == OutputLayout.YoloV5 ? 5 : 4;
                int c = classCount > 0 ? classCount : (int)d2 - box;
                if (c < 1 || d2 < box + c || (layout == OutputLayout.RtDetr && d2 != box + c))
                {
                    return $"rows of {d2} values do not hold {box} box{(box == 5 ? " + objectness" : "")} values and {c} classes";
                }
                spec = new LayoutSpec(layout, c, d1, (int)d2, [head]);
                return null;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "not a single-head layout");
        }
    }

    private static string? MatchEfficientNms(IReadOnlyList<OutputTensorInfo> outputs, int classCount, out LayoutSpec? spec)
    {
        spec = null;
        if (outputs.Count != 4)
        {
            return $"needs four outputs (num_dets, det_boxes, det_scores, det_classes), found {outputs.Count}";
        }
        int num = -1, boxes = -1, scores = -1, classes = -1;
        for (int i = 0; i < 4; i++)
        {
            OutputTensorInfo o = outputs[i];
            bool integer = o.ElementType is TensorElementType.Int32 or TensorElementType.Int64;
            if (integer && (o.Rank == 1 || (o.Rank == 2 && o.Shape[1] == 1)))
            {
                num = i;
            }
            else if (o.ElementType == TensorElementType.Float32 && o.Rank == 3 && o.Shape[2] == 4)
            {
                boxes = i;
            }
            else if (o.ElementType == TensorElementType.Float32 && o.Rank == 2)
            {
                scores = i;
            }
            else if (o.ElementType == TensorElementType.Int32 && o.Rank == 2)
            {
                classes = i;
            }
        }
        if (num < 0 || boxes < 0 || scores < 0 || classes < 0)
        {
            return "needs an integer [B, 1] count, float [B, K, 4] boxes, float [B, K] scores and int32 [B, K] classes";
        }
        long k = outputs[boxes].Shape[1];
        if (outputs[scores].Shape[1] != k || outputs[classes].Shape[1] != k)
        {
            return $"boxes, scores and classes disagree on K ({k}, {outputs[scores].Shape[1]}, {outputs[classes].Shape[1]})";
        }
        spec = new LayoutSpec(OutputLayout.EfficientNms, Math.Max(classCount, 0), k, 0, [num, boxes, scores, classes]);
        return null;
    }

    private static string? MatchOnnxNms(IReadOnlyList<OutputTensorInfo> outputs, int classCount, out LayoutSpec? spec)
    {
        spec = null;
        if (outputs.Count != 3)
        {
            return $"needs three outputs (boxes, scores, selected_indices), found {outputs.Count}";
        }
        int selected = -1, boxes = -1, scores = -1;
        for (int i = 0; i < 3; i++)
        {
            OutputTensorInfo o = outputs[i];
            if (o.ElementType == TensorElementType.Int64 && o.Rank == 2 && o.Shape[1] == 3)
            {
                selected = i;
            }
            else if (o.ElementType == TensorElementType.Float32 && o.Rank == 3 && o.Shape[2] == 4)
            {
                boxes = i;
            }
            else if (o.ElementType == TensorElementType.Float32 && o.Rank == 3)
            {
                scores = i;
            }
        }
        if (selected < 0 || boxes < 0 || scores < 0)
        {
            return "needs int64 [S, 3] selected_indices, float [B, N, 4] boxes and float [B, C, N] scores";
        }
        long n = outputs[boxes].Shape[1];
        long c = outputs[scores].Shape[1];
        if (n >= 0 && outputs[scores].Shape[2] >= 0 && outputs[scores].Shape[2] != n)
        {
            return $"boxes hold {n} boxes but scores {outputs[scores].Shape[2]}";
        }
        if (c <= 0)
        {
            return "the class dimension of scores is dynamic";
        }
        if (classCount > 0 && classCount != c)
        {
            return $"scores hold {c} classes, not {classCount}";
        }
        spec = new LayoutSpec(OutputLayout.OnnxNms, (int)c, n, 0, [boxes, scores, selected]);
        return null;
    }

    private static string? MatchDetections(IReadOnlyList<OutputTensorInfo> outputs, int classCount, out LayoutSpec? spec)
    {
        spec = null;
        if (outputs.Count != 2)
        {
            return $"needs two outputs (detections [1, K, 7], count [1]), found {outputs.Count}";
        }
        int rows = outputs[0].Rank == 3 ? 0 : 1;
        OutputTensorInfo r = outputs[rows];
        OutputTensorInfo c = outputs[1 - rows];
        if (r.ElementType != TensorElementType.Float32 || r.Rank != 3 || r.Shape[2] != 7
            || c.ElementType != TensorElementType.Float32 || c.Rank != 1)
        {
            return "needs float detections [1, K, 7] (x1, y1, x2, y2, score, class, anchor) and a float count [1]";
        }
        spec = new LayoutSpec(OutputLayout.Detections, Math.Max(classCount, 0), r.Shape[1], 7, [rows, 1 - rows]);
        return null;
    }

    private static string? MatchDbNet(IReadOnlyList<OutputTensorInfo> outputs, out LayoutSpec? spec)
    {
        spec = null;
        if (outputs.Count != 1 || outputs[0].ElementType != TensorElementType.Float32 || outputs[0].Rank != 4
            || (outputs[0].Shape[1] >= 0 && outputs[0].Shape[1] != 1))
        {
            return "needs one float probability map [B, 1, H, W]";
        }
        spec = new LayoutSpec(OutputLayout.DbNet, 1, -1, 1, [0]);
        return null;
    }

    private static string Describe(IReadOnlyList<OutputTensorInfo> outputs) =>
        string.Join(", ", outputs.Select(o => o.ToString()));
}
