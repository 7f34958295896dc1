using Onboard.Kernels.Postprocess;

namespace Onboard.Models.Manifests;

/// <summary>
/// The manifest spelling of each <see cref="OutputLayout"/> (the decoders' own enum). Parsing accepts the
/// family names people use (yolo11, yolox, yolo26 …, see <see cref="LayoutRecognizer.ParseLayout"/>); writing
/// uses one canonical name per layout.
/// </summary>
public static class OutputLayouts
{
    private static readonly string[] s_names = ["yolov8", "yolov5", "yolov10", "rtdetr", "efficientnms", "onnxnms", "detections", "dbnet"];

    /// <summary>The canonical names, one per layout.</summary>
    public static IReadOnlyList<string> Names => s_names;

    public static string Name(OutputLayout layout) => layout switch
    {
        OutputLayout.YoloV8 => "yolov8",
        OutputLayout.YoloV5 => "yolov5",
        OutputLayout.EndToEnd => "yolov10",
        OutputLayout.RtDetr => "rtdetr",
        OutputLayout.EfficientNms => "efficientnms",
        OutputLayout.OnnxNms => "onnxnms",
        OutputLayout.Detections => "detections",
        OutputLayout.DbNet => "dbnet",
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "unknown layout"),
    };

    public static bool TryParse(string? name, out OutputLayout layout)
    {
        layout = default;
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }
        try
        {
            layout = LayoutRecognizer.ParseLayout(name);
            return true;
        }
        catch (OutputLayoutException)
        {
            return false;
        }
    }
}
