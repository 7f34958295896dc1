using System.Runtime.InteropServices;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using OpenCvSharp;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// OpenCV 4.13 in-process (OpenCvSharp4 and its official linux-x64 native build) as the oracle: the same
/// steps as <c>Peers/preprocess_oracle.py</c>, line for line — the frame as the Mat OpenCV's cvtColor
/// expects, cvtColor to BGR, the ROI as a sub-Mat, Cv2.Resize, then Cv2.CopyMakeBorder or the centre
/// window — with the geometry computed the way the Python peer (and Ultralytics) computes it, not ours.
/// </summary>
public sealed class OpenCvSharpOracle : IPreprocessOracle
{
    private readonly List<(byte[] Frame, PixelFormat Format, int Width, int Height, int Stride, PreprocessOptions Options)> _cases = [];

    public string Name => "OpenCV " + Cv2.GetVersionString() + " (OpenCvSharp4)";

    public int Add(byte[] frame, PixelFormat format, int width, int height, int stride, in PreprocessOptions options)
    {
        _cases.Add((frame, format, width, height, stride, options));
        return _cases.Count - 1;
    }

    public byte[][] Run()
    {
        var expected = new byte[_cases.Count][];
        for (int i = 0; i < _cases.Count; i++)
        {
            var c = _cases[i];
            expected[i] = Preprocess(c.Frame, c.Format, c.Width, c.Height, c.Stride, c.Options);
        }
        return expected;
    }

    public void Dispose()
    {
    }

    private static byte[] Preprocess(byte[] frame, PixelFormat format, int w, int h, int stride, in PreprocessOptions options)
    {
        using Mat bgr = ToBgr(frame, format, w, h, stride == 0 ? PixelFormatInfo.MinStride(format, w) : stride);
        using Mat source = options.SourceRegion is PixelRect r ? new Mat(bgr, new Rect(r.X, r.Y, r.Width, r.Height)) : new Mat(bgr, new Rect(0, 0, w, h));
        int tw = options.Width, th = options.Height;
        var (nw, nh, left, right, top, bottom) = Geometry(source.Width, source.Height, tw, th, options.Mode);
        using var resized = new Mat();
        Cv2.Resize(source, resized, new Size(nw, nh), 0, 0, options.Interpolation switch
        {
            Interpolation.Nearest => InterpolationFlags.Nearest,
            Interpolation.Area => InterpolationFlags.Area,
            _ => InterpolationFlags.Linear,
        });
        using var result = new Mat();
        switch (options.Mode)
        {
            case GeometryMode.Letterbox:
                Cv2.CopyMakeBorder(resized, result, top, bottom, left, right, BorderTypes.Constant, Scalar.All(options.PadValue));
                break;
            case GeometryMode.CenterCrop:
                using (var window = new Mat(resized, new Rect(-left, -top, tw, th)))
                {
                    window.CopyTo(result);
                }
                break;
            default:
                resized.CopyTo(result);
                break;
        }
        Assert.True(result.Width == tw && result.Height == th && result.Channels() == 3 && result.IsContinuous(), $"oracle produced {result.Width}x{result.Height}x{result.Channels()}");
        var bytes = new byte[3 * tw * th];
        Marshal.Copy(result.Data, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>Our frame layout (any stride) → the Mat cvtColor expects → BGR (preprocess_oracle.py's to_bgr).</summary>
    private static Mat ToBgr(byte[] raw, PixelFormat format, int w, int h, int stride)
    {
        if (format == PixelFormat.I420)
        {
            // Ours: chroma rows at stride/2; OpenCV's I420 Mat packs them at w/2.
            var packed = new byte[w * h * 3 / 2];
            int cs = stride / 2, luma = stride * h;
            for (int y = 0; y < h; y++)
            {
                raw.AsSpan(y * stride, w).CopyTo(packed.AsSpan(y * w));
            }
            for (int plane = 0; plane < 2; plane++)
            {
                int from = luma + (plane * cs * h / 2), to = (w * h) + (plane * (w / 2) * (h / 2));
                for (int y = 0; y < h / 2; y++)
                {
                    raw.AsSpan(from + (y * cs), w / 2).CopyTo(packed.AsSpan(to + (y * (w / 2))));
                }
            }
            return Convert(Mat.FromPixelData(h * 3 / 2, w, MatType.CV_8UC1, packed), ColorConversionCodes.YUV2BGR_I420);
        }
        bool planar = format is PixelFormat.Nv12 or PixelFormat.Nv21;
        int rows = planar ? h * 3 / 2 : h;
        int channels = planar ? 1 : PixelFormatInfo.BytesPerPixel(format);
        // A Mat over our rows (step = stride), copied contiguous as np.ascontiguousarray does.
        using Mat strided = Mat.FromPixelData(rows, w, MatType.CV_8UC(channels), raw, stride);
        Mat contiguous = strided.Clone();
        return format switch
        {
            PixelFormat.Bgr24 => contiguous,
            PixelFormat.Nv12 => Convert(contiguous, ColorConversionCodes.YUV2BGR_NV12),
            PixelFormat.Nv21 => Convert(contiguous, ColorConversionCodes.YUV2BGR_NV21),
            PixelFormat.Yuyv => Convert(contiguous, ColorConversionCodes.YUV2BGR_YUYV),
            PixelFormat.Uyvy => Convert(contiguous, ColorConversionCodes.YUV2BGR_UYVY),
            PixelFormat.Rgb24 => Convert(contiguous, ColorConversionCodes.RGB2BGR),
            PixelFormat.Bgra32 => Convert(contiguous, ColorConversionCodes.BGRA2BGR),
            PixelFormat.Rgba32 => Convert(contiguous, ColorConversionCodes.RGBA2BGR),
            PixelFormat.Gray8 => Convert(contiguous, ColorConversionCodes.GRAY2BGR),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    private static Mat Convert(Mat source, ColorConversionCodes code)
    {
        using (source)
        {
            var bgr = new Mat();
            Cv2.CvtColor(source, bgr, code);
            return bgr;
        }
    }

    /// <summary>preprocess_oracle.py's geometry(): Ultralytics' letterbox arithmetic (Python's round is half to even, as Math.Round).</summary>
    private static (int Nw, int Nh, int Left, int Right, int Top, int Bottom) Geometry(int w, int h, int tw, int th, GeometryMode mode)
    {
        if (mode == GeometryMode.Stretch)
        {
            return (tw, th, 0, 0, 0, 0);
        }
        double r = mode == GeometryMode.Letterbox ? Math.Min((double)th / h, (double)tw / w) : Math.Max((double)th / h, (double)tw / w);
        int nw = (int)Math.Round(w * r), nh = (int)Math.Round(h * r);
        double dw = (tw - nw) / 2.0, dh = (th - nh) / 2.0;
        return (nw, nh, (int)Math.Round(dw - 0.1), (int)Math.Round(dw + 0.1), (int)Math.Round(dh - 0.1), (int)Math.Round(dh + 0.1));
    }
}
