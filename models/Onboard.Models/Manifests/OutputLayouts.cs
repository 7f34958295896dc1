namespace Onboard.Models.Manifests;

/// <summary>The manifest spelling of each <see cref="OutputLayout"/>.</summary>
public static class OutputLayouts
{
    private static readonly string[] s_names = ["yolov8", "yolov5", "yolov10", "rtdetr", "efficientnms", "onnxnms", "dbnet"];

    /// <summary>Every name a manifest may give, in enum order.</summary>
    public static IReadOnlyList<string> Names => s_names;

    public static string Name(OutputLayout layout) => s_names[(int)layout];

    public static bool TryParse(string? name, out OutputLayout layout)
    {
        int i = name is null ? -1 : Array.IndexOf(s_names, name.ToLowerInvariant());
        layout = i < 0 ? default : (OutputLayout)i;
        return i >= 0;
    }
}
