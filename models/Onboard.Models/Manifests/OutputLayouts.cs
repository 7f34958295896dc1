using Onboard.Kernels.Postprocess;

namespace Onboard.Models.Manifests;

/// <summary>
/// The manifest spelling of each <see cref="OutputLayout"/> (the decoders' own enum). Parsing accepts the
/// family names people use (yolo11, yolox, yolo26 …, see <see cref="LayoutRecognizer.ParseLayout"/>); writing
/// uses one canonical name per layout.
/// </summary>
public static class OutputLayouts
{
    /// <summary>The canonical names, one per layout (the layout table's).</summary>
    public static IReadOnlyList<string> Names => OutputLayoutInfo.Names;

    public static string Name(OutputLayout layout) => OutputLayoutInfo.Of(layout).Name;

    public static bool TryParse(string? name, out OutputLayout layout) => OutputLayoutInfo.TryParse(name, out layout);
}
