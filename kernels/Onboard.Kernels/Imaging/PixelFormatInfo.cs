namespace Onboard.Kernels.Imaging;

/// <summary>
/// The pixel-format table: one <see cref="PixelFormatFacts"/> row per <see cref="PixelFormat"/>, in enum order, so
/// every size rule, name and code is read from one place (ingest validation, the preprocessing kernel, ffmpeg,
/// the OpenCV oracle, help texts).
/// </summary>
public static class PixelFormatInfo
{
    private const int Cv2None = 0;

    private static readonly PixelFormatFacts[] s_table =
    [
        new(PixelFormat.Bgr24, "bgr24", 3, ChromaSampling.None, 3, RedFirst: false, EvenStride: false, "bgr24", Cv2None),
        new(PixelFormat.Rgb24, "rgb24", 3, ChromaSampling.None, 3, RedFirst: true, EvenStride: false, "rgb24", 4),         // COLOR_RGB2BGR
        new(PixelFormat.Bgra32, "bgra32", 4, ChromaSampling.None, 4, RedFirst: false, EvenStride: false, "bgra", 1),       // COLOR_BGRA2BGR
        new(PixelFormat.Rgba32, "rgba32", 4, ChromaSampling.None, 4, RedFirst: true, EvenStride: false, "rgba", 3),        // COLOR_RGBA2BGR
        new(PixelFormat.Gray8, "gray8", 1, ChromaSampling.None, 1, RedFirst: false, EvenStride: false, "gray", 8),         // COLOR_GRAY2BGR
        new(PixelFormat.Nv12, "nv12", 1, ChromaSampling.Yuv420, 0, RedFirst: false, EvenStride: false, "nv12", 91),        // COLOR_YUV2BGR_NV12
        new(PixelFormat.Nv21, "nv21", 1, ChromaSampling.Yuv420, 0, RedFirst: false, EvenStride: false, "nv21", 93),        // COLOR_YUV2BGR_NV21
        new(PixelFormat.I420, "i420", 1, ChromaSampling.Yuv420, 0, RedFirst: false, EvenStride: true, "yuv420p", 101),     // COLOR_YUV2BGR_I420
        new(PixelFormat.Yuyv, "yuyv", 2, ChromaSampling.Yuv422, 0, RedFirst: false, EvenStride: false, "yuyv422", 116),    // COLOR_YUV2BGR_YUYV
        new(PixelFormat.Uyvy, "uyvy", 2, ChromaSampling.Yuv422, 0, RedFirst: false, EvenStride: false, "uyvy422", 108),    // COLOR_YUV2BGR_UYVY
    ];

    /// <summary>Members of <see cref="PixelFormat"/>: its values are 0..Count−1 (checked by the table's test).</summary>
    public static int Count => s_table.Length;

    /// <summary>Every row, in enum order.</summary>
    public static IReadOnlyList<PixelFormatFacts> All => s_table;

    /// <summary>The names, space-separated, for help texts and errors.</summary>
    public static string NameList { get; } = string.Join(' ', s_table.Select(f => f.Name));

    /// <summary>True for a value inside the enum (descriptors and headers from other processes carry raw numbers).</summary>
    public static bool IsDefined(PixelFormat format) => (uint)format < (uint)s_table.Length;

    /// <summary>The row of <paramref name="format"/>.</summary>
    public static PixelFormatFacts Of(PixelFormat format) =>
        IsDefined(format) ? s_table[(int)format] : throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format");

    /// <summary>Bytes one pixel takes in the first (or only) plane's row.</summary>
    public static int BytesPerPixel(PixelFormat format) => Of(format).BytesPerPixel;

    /// <summary>True for formats with chroma planes at half height below the luma plane.</summary>
    public static bool IsPlanar420(PixelFormat format) => Of(format).Chroma == ChromaSampling.Yuv420;

    /// <summary>Bytes a frame occupies with the given row stride (see <see cref="PixelFormatFacts.FrameBytes"/>).</summary>
    public static long FrameBytes(PixelFormat format, int width, int height, int stride) => Of(format).FrameBytes(height, stride);

    /// <summary>Smallest legal stride for a row of <paramref name="width"/> pixels.</summary>
    public static int MinStride(PixelFormat format, int width) => checked(width * BytesPerPixel(format));

    /// <summary>Parses the CLI/config spelling (bgr24, nv12, …), case-insensitively.</summary>
    public static PixelFormat Parse(string name) =>
        TryParse(name, out PixelFormat format)
            ? format
            : throw new ArgumentException($"unknown pixel format '{name}'; expected one of {NameList}", nameof(name));

    public static bool TryParse(string? name, out PixelFormat format)
    {
        foreach (PixelFormatFacts f in s_table)
        {
            if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                format = f.Format;
                return true;
            }
        }
        format = default;
        return false;
    }

    /// <summary>The CLI/config spelling.</summary>
    public static string Name(PixelFormat format) => Of(format).Name;
}
