namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The output-layout table: one <see cref="OutputLayoutFacts"/> row per <see cref="OutputLayout"/>, in enum order —
/// the manifest's names and aliases, NMS and channel rules in one place (manifests, the recogniser, the verifier and
/// the CLI read them here).
/// </summary>
public static class OutputLayoutInfo
{
    private static readonly OutputLayoutFacts[] s_table =
    [
        new(OutputLayout.YoloV8, "yolov8", ["yolo11", "yolov11", "yolov8seg", "yolo11seg"], "[B, 4 + C (+ M), N]", NeedsNms: true, BoxChannels: 4),
        new(OutputLayout.YoloV5, "yolov5", ["yolov5seg", "yolov7", "yolox"], "[B, N, 5 + C (+ M)]", NeedsNms: true, BoxChannels: 5),
        new(OutputLayout.EndToEnd, "yolov10", ["yolo26", "endtoend", "e2e"], "[B, K, 6]", NeedsNms: false, BoxChannels: 0),
        new(OutputLayout.RtDetr, "rtdetr", [], "[B, Q, 4 + C]", NeedsNms: false, BoxChannels: 4),
        new(OutputLayout.EfficientNms, "efficientnms", [], "num_dets [B, 1], det_boxes [B, K, 4], det_scores [B, K], det_classes [B, K]", NeedsNms: false, BoxChannels: 0),
        new(OutputLayout.OnnxNms, "onnxnms", ["nonmaxsuppression"], "boxes [B, N, 4], scores [B, C, N], selected_indices [S, 3]", NeedsNms: false, BoxChannels: 0),
        new(OutputLayout.Detections, "detections", [], "detections [1, K, 7], count [1]", NeedsNms: false, BoxChannels: 0),
        new(OutputLayout.DbNet, "dbnet", ["ppocrdet"], "[B, 1, H, W]", NeedsNms: false, BoxChannels: 0),
    ];

    private static readonly string[] s_names = [.. s_table.Select(f => f.Name)];

    /// <summary>Members of <see cref="OutputLayout"/>: its values are 0..Count−1 (checked by the table's test).</summary>
    public static int Count => s_table.Length;

    public static IReadOnlyList<OutputLayoutFacts> All => s_table;

    /// <summary>The canonical names, one per layout, in enum order.</summary>
    public static IReadOnlyList<string> Names => s_names;

    public static OutputLayoutFacts Of(OutputLayout layout) =>
        (uint)layout < (uint)s_table.Length ? s_table[(int)layout] : throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout");

    /// <summary>A canonical name or an alias; case, '-' and '_' are ignored.</summary>
    public static bool TryParse(string? name, out OutputLayout layout)
    {
        layout = default;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        string key = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        foreach (OutputLayoutFacts f in s_table)
        {
            if (string.Equals(f.Name, key, StringComparison.OrdinalIgnoreCase) || f.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)))
            {
                layout = f.Layout;
                return true;
            }
        }
        return false;
    }

    /// <summary>Every accepted name, canonical ones first, for errors.</summary>
    public static string KnownNames { get; } = string.Join(", ", s_table.Select(f => f.Name).Concat(s_table.SelectMany(f => f.Aliases)));
}
