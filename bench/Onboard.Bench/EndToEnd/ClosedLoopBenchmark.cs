using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Bench.EndToEnd;

/// <summary>
/// End to end, closed loop: one 1920×1080 BGR24 frame through Onboard's <see cref="FrameDetector"/> — fused letterbox preprocessing,
/// ONNX Runtime on the CPU provider (the YOLOv8n-sized compute model at 640²), decode + per-class NMS mapped back
/// to the frame — as fast as it goes, one frame at a time. Its peer, run by the report on the same model file,
/// frame bytes and thread count: <c>bench/baselines/cpp</c>, the same loop in C++ with OpenCV and ONNX Runtime
/// (<see cref="CppClosedLoopPeer"/>). Threads: ORT's intra-op threads and our preprocessing band pool; 0 = every core.
/// Run: <c>make bench ARGS="--filter *ClosedLoop*"</c>.
/// </summary>
[MemoryDiagnoser]
public class ClosedLoopBenchmark
{
    private readonly Detection[] _results = new Detection[300];
    private byte[] _frame = [];
    private DetectorSession _session = null!;
    private FrameDetector _detector = null!;

    [Params(1, 0)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _frame = ClosedLoopInputs.Write();
        int threads = ClosedLoopInputs.Resolve(Threads);
        _session = DetectorSession.Open(ClosedLoopInputs.ModelPath,
            new InferenceOptions { ExecutionProviders = ["cpu"], IntraOpThreads = threads, InterOpThreads = 1, WarmupRuns = 3 });
        _detector = new FrameDetector(_session, preprocessThreads: threads);
        Onboard();
    }

    [Benchmark(Description = "Onboard closed loop")]
    public int Onboard() => _detector.Detect(new ImageView(_frame, ClosedLoopInputs.Width, ClosedLoopInputs.Height, PixelFormat.Bgr24), _results);

    [GlobalCleanup]
    public void Cleanup()
    {
        _detector.Dispose();
        _session.Dispose();
    }
}
