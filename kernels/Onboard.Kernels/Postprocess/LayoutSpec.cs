namespace Onboard.Kernels.Postprocess;

/// <summary>
/// How to read one model's outputs, as <see cref="LayoutRecognizer"/> worked it out or a manifest declared
/// it. <see cref="Count"/> is the anchor, row, query or box count (−1 when dynamic: read it from the
/// tensor); <see cref="Channels"/> the length of the head's per-anchor dimension; <see cref="Outputs"/>
/// the index of each output the layout reads, in its canonical order — the head for single-output layouts,
/// (num_dets, det_boxes, det_scores, det_classes) for EfficientNMS, (boxes, scores, selected_indices) for
/// ONNX NMS.
/// </summary>
public sealed record LayoutSpec(OutputLayout Layout, int ClassCount, long Count, int Channels, IReadOnlyList<int> Outputs)
{
    /// <summary>Corner order of the boxes for the NMS-in-graph layouts.</summary>
    public BoxEncoding BoxEncoding { get; init; } = BoxEncoding.Xyxy;

    /// <summary>Per-anchor values past the boxes, objectness and classes (segmentation mask coefficients): ignored.</summary>
    public int ExtraChannels => OutputLayoutInfo.Of(Layout) is { NeedsNms: true, BoxChannels: int box } ? Channels - box - ClassCount : 0;

    /// <summary>True for layouts whose candidates still need NMS.</summary>
    public bool NeedsNms => OutputLayoutInfo.Of(Layout).NeedsNms;

    public override string ToString() =>
        FormattableString.Invariant($"{Layout} ({(ClassCount > 0 ? ClassCount.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")} classes{(ExtraChannels > 0 ? $", {ExtraChannels} extra channels ignored" : "")})");
}
