using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Bench.Preprocess;

/// <summary>
/// 1920×1080 camera frame → 640×640 float32 NCHW letterbox tensor (RGB, 1/255), as a YOLO pipeline does per
/// frame. Side by side: OpenCV doing the same work the way users write it (cvtColor + resize +
/// copyMakeBorder + blobFromImage), timed in its own process by bench/peers/preprocess_opencv.py (columns
/// "OpenCV ms" and "vs OpenCV"), and the achieved memory bandwidth ("GB/s": frame bytes read + tensor bytes
/// written per second). Baseline: copying one tensor's bytes, the memory-bound floor of writing the output.
/// Run: make bench ARGS="--filter *PreprocessBenchmark* *CopyBandwidthBenchmark*"
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PreprocessBenchmarkConfig))]
public class PreprocessBenchmark
{
    public const int Width = 640;
    public const int Height = 640;

    private byte[] _frame = [];
    private float[] _tensor = [];
    private float[] _copySource = [];
    private FramePreprocessor? _preprocessor;
    private PreprocessOptions _options;

    [Params(PixelFormat.Bgr24, PixelFormat.Nv12)]
    public PixelFormat Format { get; set; }

    /// <summary>Worker threads; 0 = every core.</summary>
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
        Onboard();
    }

    [GlobalCleanup]
    public void Cleanup() => _preprocessor?.Dispose();

    [Benchmark(Baseline = true, Description = "copy one tensor")]
    public void CopyTensor() => _copySource.AsSpan().CopyTo(_tensor);

    [Benchmark(Description = "Onboard fused")]
    public ImageTransform Onboard() =>
        _preprocessor!.Run(new ImageView(_frame, 1920, 1080, Format), _tensor, _options);

    /// <summary>Bytes one call reads from the frame and writes to the tensor.</summary>
    public static long BytesTouched(PixelFormat format) =>
        PixelFormatInfo.FrameBytes(format, 1920, 1080, PixelFormatInfo.MinStride(format, 1920)) + 3L * Width * Height * sizeof(float);
}
