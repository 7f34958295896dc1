using BenchmarkDotNet.Attributes;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Imaging;

namespace Onboard.Bench.Clips;

/// <summary>
/// What the clip recorder pays per frame, against the 33.3 ms frame period of a 30 fps camera: OpenCV's JPEG encode
/// (libjpeg-turbo through OpenCvSharp) of a 1280×720 sim scene at jpegQuality 85, as captured and downscaled to
/// clips.width 640 first; baseline: the copy the ingest thread makes for the recorder (all it does on the pipeline).
/// Run: <c>make bench ARGS="--filter *JpegEncode* --job short"</c>.
/// </summary>
[MemoryDiagnoser]
public class JpegEncodeBenchmark
{
    private const int Width = 1280, Height = 720;
    private readonly byte[] _frame = new byte[Width * Height * 3];
    private readonly byte[] _copy = new byte[Width * Height * 3];

    [Params(85)]
    public int Quality { get; set; }

    [GlobalSetup]
    public void Setup() => new SceneGenerator(new SceneOptions { Width = Width, Height = Height, Seed = 1 }).Render(0, _frame, []);

    [Benchmark(Baseline = true)]
    public void IngestCopy() => _frame.AsSpan().CopyTo(_copy);

    [Benchmark]
    public int Encode720p() => ImageCodec.EncodeJpeg(new ImageView(_frame, Width, Height, PixelFormat.Bgr24), Quality).Length;

    [Benchmark]
    public int Encode720pDownscaledTo640() => ImageCodec.EncodeJpeg(new ImageView(_frame, Width, Height, PixelFormat.Bgr24), Quality, 640, 360).Length;
}
