using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The scalar reference: the steps users write with OpenCV, in OpenCV's order, with full-resolution
/// intermediates — <c>cvtColor(→BGR)</c>, ROI, <c>resize</c>, <c>copyMakeBorder</c> (or the centre window) —
/// giving the 8-bit HWC BGR image the fused kernel must reproduce. Plain loops, allocating; tests and tools only.
/// </summary>
public static class OpenCvReference
{
    /// <summary><c>cv2.cvtColor(frame, COLOR_…2BGR)</c>: an H×W×3 BGR image.</summary>
    public static byte[] ToBgr(scoped in ImageView source)
    {
        int w = source.Width;
        int h = source.Height;
        var bgr = new byte[w * h * 3];
        ReadOnlySpan<byte> d = source.Data;
        int stride = source.Stride;
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = 3 * (y * w + x);
                int row = y * stride;
                switch (source.Format)
                {
                    case PixelFormat.Bgr24:
                    case PixelFormat.Bgra32:
                    case PixelFormat.Rgb24:
                    case PixelFormat.Rgba32:
                    {
                        int bpp = PixelFormatInfo.BytesPerPixel(source.Format);
                        bool rgb = source.Format is PixelFormat.Rgb24 or PixelFormat.Rgba32;
                        int p = row + bpp * x;
                        bgr[o] = d[p + (rgb ? 2 : 0)];
                        bgr[o + 1] = d[p + 1];
                        bgr[o + 2] = d[p + (rgb ? 0 : 2)];
                        break;
                    }
                    case PixelFormat.Gray8:
                        bgr[o] = bgr[o + 1] = bgr[o + 2] = d[row + x];
                        break;
                    default:
                    {
                        (int yy, int u, int v) = Yuv(source, x, y);
                        YuvToBgr.Pixel(yy, u, v, out bgr[o], out bgr[o + 1], out bgr[o + 2]);
                        break;
                    }
                }
            }
        }
        return bgr;
    }

    /// <summary>Luma and chroma of one pixel, from each format's memory layout.</summary>
    private static (int Y, int U, int V) Yuv(scoped in ImageView s, int x, int y)
    {
        ReadOnlySpan<byte> d = s.Data;
        int stride = s.Stride;
        int chroma = s.Height * stride;
        switch (s.Format)
        {
            case PixelFormat.Nv12:
            case PixelFormat.Nv21:
            {
                int p = chroma + (y / 2) * stride + (x & ~1);
                int u = d[p];
                int v = d[p + 1];
                return s.Format == PixelFormat.Nv12 ? (d[y * stride + x], u, v) : (d[y * stride + x], v, u);
            }
            case PixelFormat.I420:
            {
                int cs = stride / 2;
                int u = d[chroma + (y / 2) * cs + x / 2];
                int v = d[chroma + (s.Height / 2) * cs + (y / 2) * cs + x / 2];
                return (d[y * stride + x], u, v);
            }
            case PixelFormat.Yuyv:
            {
                int p = y * stride + 4 * (x / 2);
                return (d[y * stride + 2 * x], d[p + 1], d[p + 3]);
            }
            case PixelFormat.Uyvy:
            {
                int p = y * stride + 4 * (x / 2);
                return (d[y * stride + 2 * x + 1], d[p], d[p + 2]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(s), s.Format, "not a YUV format");
        }
    }

    /// <summary><c>cv2.resize(image, (dw, dh), interpolation)</c> on an H×W×cn 8-bit image.</summary>
    public static byte[] Resize(byte[] image, int w, int h, int cn, int dw, int dh, Interpolation interpolation)
    {
        ArgumentNullException.ThrowIfNull(image);
        TapKind kind = ResizeTaps.Resolve(w, h, dw, dh, interpolation);
        if (kind == TapKind.Box)
        {
            return Box(image, w, cn, dw, dh, ResizeTaps.BoxFactor(w, dw), ResizeTaps.BoxFactor(h, dh));
        }
        var x0 = new int[dw];
        var x1 = new int[dw];
        var a0 = new short[dw];
        var a1 = new short[dw];
        ResizeTaps.Compute(w, dw, kind, rows: false, 0, x0, x1, a0, a1);
        var y0 = new int[dh];
        var y1 = new int[dh];
        var b0 = new short[dh];
        var b1 = new short[dh];
        ResizeTaps.Compute(h, dh, kind, rows: true, 0, y0, y1, b0, b1);
        var hrow = new int[h * dw * cn];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                for (int c = 0; c < cn; c++)
                {
                    hrow[(y * dw + x) * cn + c] = image[(y * w + x0[x]) * cn + c] * a0[x] + image[(y * w + x1[x]) * cn + c] * a1[x];
                }
            }
        }
        var dst = new byte[dw * dh * cn];
        for (int y = 0; y < dh; y++)
        {
            for (int i = 0; i < dw * cn; i++)
            {
                int h0 = hrow[y0[y] * dw * cn + i];
                int h1 = hrow[y1[y] * dw * cn + i];
                dst[y * dw * cn + i] = VerticalResize.Scalar(h0 >> 4, h1 >> 4, b0[y], b1[y]); // OpenCV's vertical pass reads H >> 4
            }
        }
        return dst;
    }

    /// <summary>INTER_AREA by whole factors: box sum · (1f/area), rounded half to even.</summary>
    private static byte[] Box(byte[] image, int w, int cn, int dw, int dh, int kx, int ky)
    {
        var dst = new byte[dw * dh * cn];
        float scale = 1f / (kx * ky);
        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                for (int c = 0; c < cn; c++)
                {
                    int sum = 0;
                    for (int sy = y * ky; sy < (y + 1) * ky; sy++)
                    {
                        for (int sx = x * kx; sx < (x + 1) * kx; sx++)
                        {
                            sum += image[(sy * w + sx) * cn + c];
                        }
                    }
                    dst[(y * dw + x) * cn + c] = (byte)Math.Clamp(MathF.Round(sum * scale, MidpointRounding.ToEven), 0f, 255f);
                }
            }
        }
        return dst;
    }

    /// <summary>
    /// The whole ordered path for one frame: returns the width×height×3 BGR image (letterbox borders filled by
    /// <c>copyMakeBorder(BORDER_CONSTANT, pad)</c>, centre crop as the window of the resized image) and the transform.
    /// </summary>
    public static byte[] Run(scoped in ImageView source, in PreprocessOptions options, out ImageTransform transform)
    {
        byte[] bgr = ToBgr(source);
        int w = source.Width;
        int h = source.Height;
        if (options.SourceRegion is PixelRect roi)
        {
            var cropped = new byte[roi.Width * roi.Height * 3];
            for (int y = 0; y < roi.Height; y++)
            {
                Array.Copy(bgr, ((roi.Y + y) * w + roi.X) * 3, cropped, y * roi.Width * 3, roi.Width * 3);
            }
            (bgr, w, h) = (cropped, roi.Width, roi.Height);
        }
        transform = GeometryPlanner.Plan(w, h, options.Width, options.Height, options.Mode);
        int rw = transform.ResizedWidth;
        int rh = transform.ResizedHeight;
        byte[] resized = rw == 0 || rh == 0 ? [] : Resize(bgr, w, h, 3, rw, rh, options.Interpolation);
        var output = new byte[options.Width * options.Height * 3];
        output.AsSpan().Fill(options.PadValue);
        int left = (int)transform.PadLeft;
        int top = (int)transform.PadTop;
        for (int y = 0; y < options.Height; y++)
        {
            int ry = y - top;
            for (int x = 0; x < options.Width; x++)
            {
                int rx = x - left;
                if (ry >= 0 && ry < rh && rx >= 0 && rx < rw)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        output[(y * options.Width + x) * 3 + c] = resized[(ry * rw + rx) * 3 + c];
                    }
                }
            }
        }
        PixelRect region = options.SourceRegion ?? new PixelRect(0, 0, source.Width, source.Height);
        transform = transform with { SourceWidth = source.Width, SourceHeight = source.Height, SourceOffsetX = region.X, SourceOffsetY = region.Y };
        return output;
    }
}
