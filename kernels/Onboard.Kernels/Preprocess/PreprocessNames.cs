namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The spellings of the preprocessing enums, one table each, shared by model manifests, the CLI and the config so
/// every place accepts the same words and says the same in its errors. Parsing is case-insensitive.
/// </summary>
/// <remarks>
/// Geometry: the canonical name of <see cref="GeometryMode.CenterCrop"/> is the manifest's <c>centercrop</c>; the CLI's
/// older <c>crop</c> is accepted everywhere as an alias (it stays valid on <c>onboard preprocess --mode</c>).
/// </remarks>
public static class PreprocessNames
{
    private static readonly (string Name, GeometryMode Mode)[] s_geometry =
        [("letterbox", GeometryMode.Letterbox), ("stretch", GeometryMode.Stretch), ("centercrop", GeometryMode.CenterCrop), ("crop", GeometryMode.CenterCrop)];

    private static readonly (string Name, TensorLayout Layout)[] s_layouts = [("nchw", TensorLayout.Nchw), ("nhwc", TensorLayout.Nhwc)];

    private static readonly (string Name, ChannelOrder Order)[] s_orders = [("rgb", ChannelOrder.Rgb), ("bgr", ChannelOrder.Bgr)];

    private static readonly (string Name, Interpolation Filter)[] s_filters =
        [("linear", Interpolation.Linear), ("nearest", Interpolation.Nearest), ("area", Interpolation.Area)];

    /// <summary>The canonical geometry names (aliases left out), for help texts and errors.</summary>
    public const string GeometryList = "letterbox, stretch or centercrop (alias: crop)";

    public static bool TryParseGeometry(string? name, out GeometryMode mode) => TryParse(s_geometry, name, out mode);

    public static bool TryParseLayout(string? name, out TensorLayout layout) => TryParse(s_layouts, name, out layout);

    public static bool TryParseOrder(string? name, out ChannelOrder order) => TryParse(s_orders, name, out order);

    public static bool TryParseInterpolation(string? name, out Interpolation filter) => TryParse(s_filters, name, out filter);

    /// <summary>The canonical name (the first row of its value).</summary>
    public static string Name(GeometryMode mode) => NameOf(s_geometry, mode);

    public static string Name(TensorLayout layout) => NameOf(s_layouts, layout);

    public static string Name(ChannelOrder order) => NameOf(s_orders, order);

    public static string Name(Interpolation filter) => NameOf(s_filters, filter);

    private static bool TryParse<T>((string Name, T Value)[] table, string? name, out T value)
    {
        foreach ((string n, T v) in table)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }
        value = default!;
        return false;
    }

    private static string NameOf<T>((string Name, T Value)[] table, T value)
        where T : struct, Enum
    {
        foreach ((string n, T v) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return n;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(value), value, "unknown value");
    }
}
