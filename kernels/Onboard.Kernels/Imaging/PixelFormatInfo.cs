namespace Onboard.Kernels.Imaging;

/// <summary>Sizes of each <see cref="PixelFormat"/>: what a row and a whole frame occupy.</summary>
public static class PixelFormatInfo
{
    /// <summary>Bytes one pixel takes in the first (or only) plane's row.</summary>
    public static int BytesPerPixel(PixelFormat format) => format switch
    {
        PixelFormat.Bgr24 or PixelFormat.Rgb24 => 3,
        PixelFormat.Bgra32 or PixelFormat.Rgba32 => 4,
        PixelFormat.Gray8 or PixelFormat.Nv12 or PixelFormat.Nv21 or PixelFormat.I420 => 1,
        PixelFormat.Yuyv or PixelFormat.Uyvy => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };

    /// <summary>True for formats with chroma planes at half height below the luma plane.</summary>
    public static bool IsPlanar420(PixelFormat format) =>
        format is PixelFormat.Nv12 or PixelFormat.Nv21 or PixelFormat.I420;

    /// <summary>
    /// Bytes a frame occupies with the given row stride: for 4:2:0 formats the luma plane is followed by
    /// chroma rows of the same stride (NV12/NV21: H/2 rows; I420: H/2 rows holding both U and V at half stride).
    /// </summary>
    public static long FrameBytes(PixelFormat format, int width, int height, int stride) =>
        IsPlanar420(format) ? (long)stride * height * 3 / 2 : (long)stride * height;

    /// <summary>Smallest legal stride for a row of <paramref name="width"/> pixels.</summary>
    public static int MinStride(PixelFormat format, int width) => checked(width * BytesPerPixel(format));

    /// <summary>Parses the CLI/config spelling (bgr24, nv12, …).</summary>
    public static PixelFormat Parse(string name) => name.ToLowerInvariant() switch
    {
        "bgr24" => PixelFormat.Bgr24,
        "rgb24" => PixelFormat.Rgb24,
        "bgra32" => PixelFormat.Bgra32,
        "rgba32" => PixelFormat.Rgba32,
        "gray8" => PixelFormat.Gray8,
        "nv12" => PixelFormat.Nv12,
        "nv21" => PixelFormat.Nv21,
        "i420" => PixelFormat.I420,
        "yuyv" => PixelFormat.Yuyv,
        "uyvy" => PixelFormat.Uyvy,
        _ => throw new ArgumentException(
            $"unknown pixel format '{name}'; expected one of bgr24 rgb24 bgra32 rgba32 gray8 nv12 nv21 i420 yuyv uyvy",
            nameof(name)),
    };

    /// <summary>The CLI/config spelling.</summary>
    public static string Name(PixelFormat format) => format.ToString().ToLowerInvariant();
}
