using BenchmarkDotNet.Attributes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Triggers;

namespace Onboard.Bench.Triggers;

/// <summary>
/// Trigger evaluation per frame on the publish thread: one rule of every kind (as the README's example) over a frame
/// of 20 detections and 20 confirmed tracks, with its shadow result (the same boxes), nothing firing — the steady
/// state. Baseline: a camera with only a periodic rule. Run: <c>make bench ARGS="--filter *TriggerEvaluation* --job short"</c>.
/// </summary>
[MemoryDiagnoser]
public class TriggerEvaluationBenchmark
{
    private const int Objects = 20;
    private readonly Detection[] _detections = new Detection[Objects];
    private readonly TrackSnapshot[] _tracks = new TrackSnapshot[Objects];
    private CameraTriggers _all = null!;
    private CameraTriggers _periodic = null!;
    private ulong _sequence;

    [GlobalSetup]
    public void Setup()
    {
        static TriggerConfig Rule(TriggerKind kind) => new() { Id = TriggerKinds.Name(kind), Kind = kind, MaxPerHour = 100_000, MaxPerDay = 100_000 };
        string[] classes = ["red_circle", "red_triangle", "blue_circle", "octagon"];
        _all = new CameraTriggers("front",
        [
            Rule(TriggerKind.LowConfidence), Rule(TriggerKind.RareClass) with { Classes = ["nosuch"], BelowFraction = 0.02 },
            Rule(TriggerKind.ShadowDisagreement), Rule(TriggerKind.TrackFlicker), Rule(TriggerKind.ClassFlip),
            Rule(TriggerKind.LateDetection), Rule(TriggerKind.DeadlineMiss), Rule(TriggerKind.LatencySpike), Rule(TriggerKind.Manual),
            Rule(TriggerKind.Periodic) with { EverySeconds = 1e9 },
        ], classes, 300, 64);
        _periodic = new CameraTriggers("front", [Rule(TriggerKind.Periodic) with { EverySeconds = 1e9 }], classes, 300, 64);
        for (int i = 0; i < Objects; i++)
        {
            var box = new BoxF(60 * i, 100, (60 * i) + 40, 140);
            _detections[i] = new Detection(box, 0.9f, i % 4, i);
            _tracks[i] = new TrackSnapshot { Id = (ulong)(i + 1), ClassId = i % 4, Score = 0.9f, Box = box, State = TrackState.Confirmed };
        }
    }

    [Benchmark(Baseline = true)]
    public int PeriodicOnly() => Step(_periodic);

    [Benchmark]
    public int EveryKind() => Step(_all);

    private int Step(CameraTriggers triggers)
    {
        ulong s = _sequence++;
        triggers.OnFrame(new TriggerFrame
        {
            Sequence = s, CaptureMonoNs = 1_000_000_000 + ((long)s * 33_333_333), CaptureUtcNs = 1, ImageWidth = 1280, ImageHeight = 720,
            Detections = _detections, Tracks = _tracks, InferNs = 10_000_000,
        });
        triggers.OnShadow(s, _detections);
        return triggers.Firings.Length;
    }
}
