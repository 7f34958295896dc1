using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace Onboard.Bench.Preprocess;

/// <summary>
/// 1920×1080 camera frame → 640×640 float32 NCHW letterbox tensor (RGB, 1/255), as a YOLO pipeline does per
/// frame. Baseline: Onboard's fused kernel. Side by side in the same run: OpenCV 4.13 in this process
/// (OpenCvSharp4) doing the same work the way a C# user writes it — Cv2.CvtColor (NV12) → Cv2.Resize →
/// Cv2.CopyMakeBorder → CvDnn.BlobFromImage, fresh Mats per frame, and again with the intermediate Mats
/// kept across frames — with Cv2.SetNumThreads matching our band pool's threads; Debian's OpenCV 4.6 timed
/// in its own process by bench/peers/preprocess_opencv.py (columns "OpenCV ms" and "vs OpenCV"); the
/// achieved memory bandwidth ("GB/s": frame bytes read + tensor bytes written per second); and copying one
/// tensor's bytes, the memory-bound floor of writing the output.
/// Run: make bench ARGS="--filter *PreprocessBenchmark* *CopyBandwidthBenchmark*"
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PreprocessBenchmarkConfig))]
public class PreprocessBenchmark
{
    public const int Width = 640;
    public const int Height = 640;

    private static readonly Scalar s_pad = Scalar.All(114);

    private byte[] _frame = [];
    private float[] _tensor = [];
    private float[] _copySource = [];
    private FramePreprocessor? _preprocessor;
    private PreprocessOptions _options;
    private Mat? _source;
    private Mat? _bgr;
    private Mat? _resized;
    private Mat? _padded;
    private Rect _border; // left, top, right, bottom padding (Ultralytics' rounding)
    private Size _resize;

    [Params(PixelFormat.Bgr24, PixelFormat.Nv12)]
    public PixelFormat Format { get; set; }

    /// <summary>Worker threads, ours and OpenCV's; 0 = every core.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[PixelFormatInfo.FrameBytes(Format, 1920, 1080, PixelFormatInfo.MinStride(Format, 1920))];
        new Random(1).NextBytes(_frame);
        _tensor = new float[3 * Width * Height];
        _copySource = new float[_tensor.Length];
        _preprocessor = new FramePreprocessor(Threads);
        _options = new PreprocessOptions(Width, Height);
        // OpenCV's setNumThreads(0) means "no threads", not "all cores" (as ours does).
        Cv2.SetNumThreads(Threads > 0 ? Threads : Environment.ProcessorCount);
        _source = Format == PixelFormat.Nv12
            ? Mat.FromPixelData(1080 * 3 / 2, 1920, MatType.CV_8UC1, _frame)
            : Mat.FromPixelData(1080, 1920, MatType.CV_8UC3, _frame);
        _bgr = new Mat();
        _resized = new Mat();
        _padded = new Mat();
        // The arithmetic the Python peer and Ultralytics use: ratio, rounded size, padding split with ±0.1.
        double r = Math.Min((double)Height / 1080, (double)Width / 1920);
        _resize = new Size((int)Math.Round(1920 * r), (int)Math.Round(1080 * r));
        double dw = (Width - _resize.Width) / 2.0, dh = (Height - _resize.Height) / 2.0;
        _border = new Rect((int)Math.Round(dw - 0.1), (int)Math.Round(dh - 0.1), (int)Math.Round(dw + 0.1), (int)Math.Round(dh + 0.1));
        ReportParity();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _preprocessor?.Dispose();
        _source?.Dispose();
        _bgr?.Dispose();
        _resized?.Dispose();
        _padded?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Onboard fused")]
    public ImageTransform Onboard() =>
        _preprocessor!.Run(new ImageView(_frame, 1920, 1080, Format), _tensor, _options);

    /// <summary>What a C# user writes: a Mat per step, disposed each frame.</summary>
    [Benchmark(Description = "OpenCvSharp")]
    public int OpenCvSharp()
    {
        using Mat blob = OpenCvSharpBlob();
        return blob.Rows;
    }

    /// <summary>The same with the intermediate Mats kept across frames (their buffers reused); BlobFromImage still returns a fresh Mat.</summary>
    [Benchmark(Description = "OpenCvSharp, Mats reused")]
    public int OpenCvSharpReused()
    {
        Mat source = _source!;
        if (Format == PixelFormat.Nv12)
        {
            Cv2.CvtColor(source, _bgr!, ColorConversionCodes.YUV2BGR_NV12);
            source = _bgr!;
        }
        Cv2.Resize(source, _resized!, _resize, 0, 0, InterpolationFlags.Linear);
        Cv2.CopyMakeBorder(_resized!, _padded!, _border.Y, _border.Height, _border.X, _border.Width, BorderTypes.Constant, s_pad);
        using Mat blob = CvDnn.BlobFromImage(_padded!, 1 / 255.0, new Size(Width, Height), default, swapRB: true, crop: false);
        return blob.Rows;
    }

    [Benchmark(Description = "copy one tensor")]
    public void CopyTensor() => _copySource.AsSpan().CopyTo(_tensor);

    /// <summary>Bytes one call reads from the frame and writes to the tensor.</summary>
    public static long BytesTouched(PixelFormat format) =>
        PixelFormatInfo.FrameBytes(format, 1920, 1080, PixelFormatInfo.MinStride(format, 1920)) + 3L * Width * Height * sizeof(float);

    private Mat OpenCvSharpBlob()
    {
        using var bgr = new Mat();
        if (Format == PixelFormat.Nv12)
        {
            Cv2.CvtColor(_source!, bgr, ColorConversionCodes.YUV2BGR_NV12);
        }
        using var resized = new Mat();
        Cv2.Resize(Format == PixelFormat.Nv12 ? bgr : _source!, resized, _resize, 0, 0, InterpolationFlags.Linear);
        using var padded = new Mat();
        Cv2.CopyMakeBorder(resized, padded, _border.Y, _border.Height, _border.X, _border.Width, BorderTypes.Constant, s_pad);
        return CvDnn.BlobFromImage(padded, 1 / 255.0, new Size(Width, Height), default, swapRB: true, crop: false);
    }

    /// <summary>Prints how far OpenCvSharp's tensor is from ours (the tests hold the 8-bit steps to 0 LSB).</summary>
    private void ReportParity()
    {
        Onboard();
        using Mat blob = OpenCvSharpBlob();
        var theirs = new float[_tensor.Length];
        System.Runtime.InteropServices.Marshal.Copy(blob.Data, theirs, 0, theirs.Length);
        float maxDiff = 0;
        int differing = 0;
        for (int i = 0; i < theirs.Length; i++)
        {
            float d = Math.Abs(theirs[i] - _tensor[i]);
            differing += d > 0 ? 1 : 0;
            maxDiff = Math.Max(maxDiff, d);
        }
        Console.WriteLine(FormattableString.Invariant(
            $"// OpenCvSharp {Cv2.GetVersionString()} vs Onboard ({Format}, {Cv2.GetNumThreads()} OpenCV threads): {differing} of {theirs.Length} floats differ, max |diff| {maxDiff:G9}"));
    }
}
