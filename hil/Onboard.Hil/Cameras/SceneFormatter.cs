using Onboard.Kernels.Imaging;

namespace Onboard.Hil.Cameras;

/// <summary>
/// Converts a generated BGR24 scene into the pixel format a simulated camera delivers, tightly packed
/// (stride = the format's minimum). YUV uses BT.601 limited range with the usual 8-bit integer
/// approximation; 4:2:0 and 4:2:2 chroma is the rounded mean of the pixels it covers. This is rig code:
/// it runs once per scene, ahead of time, never per frame.
/// </summary>
public static class SceneFormatter
{
    public static int FrameBytes(PixelFormat format, int width, int height) =>
        checked((int)PixelFormatInfo.FrameBytes(format, width, height, PixelFormatInfo.MinStride(format, width)));

    public static byte[] Convert(ReadOnlySpan<byte> bgr, int width, int height, PixelFormat format)
    {
        var output = new byte[FrameBytes(format, width, height)];
        int pixels = width * height;
        switch (format)
        {
            case PixelFormat.Bgr24:
                bgr[..(pixels * 3)].CopyTo(output);
                break;
            case PixelFormat.Rgb24:
            case PixelFormat.Bgra32:
            case PixelFormat.Rgba32:
                Packed(bgr, pixels, format, output);
                break;
            case PixelFormat.Gray8:
                for (int i = 0; i < pixels; i++)
                {
                    output[i] = Luma(bgr[3 * i + 2], bgr[3 * i + 1], bgr[3 * i]);
                }
                break;
            case PixelFormat.Nv12:
            case PixelFormat.Nv21:
            case PixelFormat.I420:
                Planar420(bgr, width, height, format, output);
                break;
            case PixelFormat.Yuyv:
            case PixelFormat.Uyvy:
                Packed422(bgr, width, height, format, output);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format");
        }
        return output;
    }

    private static void Packed(ReadOnlySpan<byte> bgr, int pixels, PixelFormat format, Span<byte> output)
    {
        int bpp = PixelFormatInfo.BytesPerPixel(format);
        bool rgbOrder = format is PixelFormat.Rgb24 or PixelFormat.Rgba32;
        for (int i = 0; i < pixels; i++)
        {
            byte b = bgr[3 * i], g = bgr[3 * i + 1], r = bgr[3 * i + 2];
            output[bpp * i] = rgbOrder ? r : b;
            output[bpp * i + 1] = g;
            output[bpp * i + 2] = rgbOrder ? b : r;
            if (bpp == 4)
            {
                output[bpp * i + 3] = 255;
            }
        }
    }

    private static void Planar420(ReadOnlySpan<byte> bgr, int width, int height, PixelFormat format, Span<byte> output)
    {
        int pixels = width * height;
        for (int i = 0; i < pixels; i++)
        {
            output[i] = LumaLimited(bgr[3 * i + 2], bgr[3 * i + 1], bgr[3 * i]);
        }
        int cw = width / 2, ch = height / 2;
        for (int cy = 0; cy < ch; cy++)
        {
            for (int cx = 0; cx < cw; cx++)
            {
                int r = 0, g = 0, b = 0;
                for (int dy = 0; dy < 2; dy++)
                {
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int p = 3 * ((2 * cy + dy) * width + 2 * cx + dx);
                        b += bgr[p];
                        g += bgr[p + 1];
                        r += bgr[p + 2];
                    }
                }
                (byte u, byte v) = Chroma((r + 2) / 4, (g + 2) / 4, (b + 2) / 4);
                switch (format)
                {
                    case PixelFormat.Nv12:
                        output[pixels + cy * width + 2 * cx] = u;
                        output[pixels + cy * width + 2 * cx + 1] = v;
                        break;
                    case PixelFormat.Nv21:
                        output[pixels + cy * width + 2 * cx] = v;
                        output[pixels + cy * width + 2 * cx + 1] = u;
                        break;
                    default: // I420: U plane then V plane, each (width/2)×(height/2)
                        output[pixels + cy * cw + cx] = u;
                        output[pixels + cw * ch + cy * cw + cx] = v;
                        break;
                }
            }
        }
    }

    private static void Packed422(ReadOnlySpan<byte> bgr, int width, int height, PixelFormat format, Span<byte> output)
    {
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x += 2)
            {
                int p = 3 * (y * width + x);
                byte y0 = LumaLimited(bgr[p + 2], bgr[p + 1], bgr[p]);
                byte y1 = LumaLimited(bgr[p + 5], bgr[p + 4], bgr[p + 3]);
                (byte u, byte v) = Chroma((bgr[p + 2] + bgr[p + 5] + 1) / 2, (bgr[p + 1] + bgr[p + 4] + 1) / 2, (bgr[p] + bgr[p + 3] + 1) / 2);
                int o = 2 * (y * width + x);
                if (format == PixelFormat.Yuyv)
                {
                    (output[o], output[o + 1], output[o + 2], output[o + 3]) = (y0, u, y1, v);
                }
                else
                {
                    (output[o], output[o + 1], output[o + 2], output[o + 3]) = (u, y0, v, y1);
                }
            }
        }
    }

    /// <summary>Full-range BT.601 luma (for gray8).</summary>
    private static byte Luma(int r, int g, int b) => (byte)((77 * r + 150 * g + 29 * b + 128) >> 8);

    private static byte LumaLimited(int r, int g, int b) => (byte)(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);

    private static (byte U, byte V) Chroma(int r, int g, int b) =>
        ((byte)(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128), (byte)(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128));
}
