using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace Onboard.Bench.Preprocess;

/// <summary>
/// 1920×1080 → 640×640 float32 NCHW letterbox (RGB, 1/255), Onboard's fused kernel beside OpenCV 4.13 doing the
/// same work in this process through OpenCvSharp (cvtColor for NV12 → resize → copyMakeBorder(114) →
/// blobFromImage, into reused Mats; only the blob is new each call, as blobFromImage allocates it), and beside
/// the copy floor: one plain copy of as many bytes as the kernel reads from the frame plus writes to the
/// tensor. Baseline OpenCV, so "Ratio" is Onboard's time over OpenCV's; Onboard's GB/s over the copy's is the
/// fraction of the copy bandwidth it reaches. Run at both widths:
/// <c>make bench ARGS="--vector-widths --filter *PreprocessPeerBenchmark*"</c>.
/// </summary>
[MemoryDiagnoser]
public class PreprocessPeerBenchmark
{
    private const int SourceWidth = 1920;
    private const int SourceHeight = 1080;
    private const int Size = 640;

    private byte[] _frame = [];
    private float[] _tensor = [];
    private byte[] _copySource = [];
    private byte[] _copyDestination = [];
    private FramePreprocessor? _preprocessor;
    private PreprocessOptions _options;
    private Mat? _source;
    private Mat? _bgr;
    private Mat? _resized;
    private Mat? _padded;

    [Params(PixelFormat.Bgr24, PixelFormat.Nv12)]
    public PixelFormat Format { get; set; }

    /// <summary>Threads for both (OpenCV's <c>setNumThreads</c>, our band pool); 0 = every core.</summary>
    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = new byte[PixelFormatInfo.FrameBytes(Format, SourceWidth, SourceHeight, PixelFormatInfo.MinStride(Format, SourceWidth))];
        new Random(1).NextBytes(_frame);
        _tensor = new float[3 * Size * Size];
        _preprocessor = new FramePreprocessor(Threads);
        _options = new PreprocessOptions(Size, Size);
        long touched = _frame.Length + (long)_tensor.Length * sizeof(float);
        _copySource = GC.AllocateUninitializedArray<byte>((int)touched, pinned: true);
        _copyDestination = GC.AllocateUninitializedArray<byte>((int)touched, pinned: true);
        new Random(2).NextBytes(_copySource);

        Cv2.SetNumThreads(Threads == 0 ? Environment.ProcessorCount : Threads);
        _source = Format == PixelFormat.Nv12
            ? Mat.FromPixelData(SourceHeight * 3 / 2, SourceWidth, MatType.CV_8UC1, _frame)
            : Mat.FromPixelData(SourceHeight, SourceWidth, MatType.CV_8UC3, _frame);
        _bgr = new Mat();
        _resized = new Mat();
        _padded = new Mat();
        Onboard();
        OpenCv();
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

    [Benchmark(Baseline = true, Description = "OpenCvSharp 4.13")]
    public long OpenCv()
    {
        Mat image = _source!;
        if (Format == PixelFormat.Nv12)
        {
            Cv2.CvtColor(image, _bgr!, ColorConversionCodes.YUV2BGR_NV12);
            image = _bgr!;
        }
        // Ultralytics' LetterBox for 1920×1080 → 640: 640×360, 140 rows of padding above and below.
        Cv2.Resize(image, _resized!, new Size(Size, 360), 0, 0, InterpolationFlags.Linear);
        Cv2.CopyMakeBorder(_resized!, _padded!, 140, 140, 0, 0, BorderTypes.Constant, new Scalar(114, 114, 114));
        using Mat blob = CvDnn.BlobFromImage(_padded!, 1 / 255.0, new Size(Size, Size), default, swapRB: true, crop: false);
        return blob.Total();
    }

    [Benchmark(Description = "Onboard fused")]
    public int Onboard() => _preprocessor!.Run(new ImageView(_frame, SourceWidth, SourceHeight, Format), _tensor, _options).ResizedWidth;

    [Benchmark(Description = "copy floor (frame + tensor bytes)")]
    public void CopyFloor() => _copySource.AsSpan().CopyTo(_copyDestination);
}
