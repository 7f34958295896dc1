using Onboard.Kernels.Imaging;

namespace Onboard.Hil.Recording;

/// <summary>foxglove.RawImage's encoding names for our pixel formats, both ways (a replay reads them back).</summary>
public static class RawEncoding
{
    private static readonly (PixelFormat Format, string Name)[] s_names =
    [
        (PixelFormat.Bgr24, "bgr8"), (PixelFormat.Rgb24, "rgb8"), (PixelFormat.Bgra32, "bgra8"), (PixelFormat.Rgba32, "rgba8"),
        (PixelFormat.Gray8, "mono8"), (PixelFormat.Nv12, "nv12"), (PixelFormat.Yuyv, "yuyv"), (PixelFormat.Uyvy, "uyvy"),
        // Not Foxglove names (it cannot show these two), but exact for a replay.
        (PixelFormat.Nv21, "nv21"), (PixelFormat.I420, "i420"),
    ];

    public static string Of(PixelFormat format)
    {
        foreach ((PixelFormat f, string name) in s_names)
        {
            if (f == format)
            {
                return name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(format), format, "no RawImage encoding for this pixel format");
    }

    public static bool TryParse(string name, out PixelFormat format)
    {
        foreach ((PixelFormat f, string n) in s_names)
        {
            if (n == name)
            {
                format = f;
                return true;
            }
        }
        format = default;
        return false;
    }
}
