namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Everything the project knows about one <see cref="OutputLayout"/> by name, in one row of <see cref="OutputLayoutInfo"/>'s
/// table: its canonical manifest name, the family names accepted for it, the tensors it reads, and what its
/// per-anchor rows hold. Its shape rule is <see cref="LayoutRecognizer"/>'s matcher of the same layout.
/// </summary>
/// <param name="Layout">The enum member this row describes.</param>
/// <param name="Name">The canonical manifest name (what <c>model build --manifest</c> and inference write).</param>
/// <param name="Aliases">Other names accepted for it (export families), compared ignoring case, '-' and '_'.</param>
/// <param name="Shape">The output tensors, as errors and docs spell them.</param>
/// <param name="NeedsNms">Its candidates still need suppression on the host.</param>
/// <param name="BoxChannels">Values per anchor before the class scores (4 box, or 4 box + objectness); 0 where rows are not per-anchor class scores.</param>
public sealed record OutputLayoutFacts(
    OutputLayout Layout,
    string Name,
    IReadOnlyList<string> Aliases,
    string Shape,
    bool NeedsNms,
    int BoxChannels);
