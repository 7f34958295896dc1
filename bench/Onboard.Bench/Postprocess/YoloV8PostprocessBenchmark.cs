using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Bench.Postprocess;

/// <summary>
/// YOLOv8 layout, 80 classes, 8400 anchors, a realistic score field (<see cref="YoloV8Field"/>): decode +
/// per-class NMS + mapping to a 1280×720 source, single-threaded. Baseline: the scalar references (one
/// anchor at a time over every class, then pair-by-pair NMS). The Python peer (numpy + OpenCV) runs once in
/// setup, times itself in its own process, and appears in the "Python median" and "vs Python" columns.
/// Run: <c>make bench ARGS="--filter *YoloV8Postprocess*"</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class YoloV8PostprocessBenchmark
{
    private const float Conf = 0.25f;
    private const float IoU = 0.7f;
    private const int MaxDetections = 300;

    private readonly Detection[] _results = new Detection[MaxDetections];
    private float[] _output = [];
    private Detection[] _candidates = [];
    private DetectionPostprocessor _postprocessor = null!;
    private LayoutSpec _spec = null!;
    private ImageTransform _transform;

    [GlobalSetup(Target = nameof(Onboard))]
    public void SetupWithPeer()
    {
        Setup();
        // Parity is checked in model space: the Python peer does not map boxes back to the source, and
        // mapping drops boxes that lie wholly in the letterbox padding.
        var modelSpace = GeometryPlanner.Plan(640, 640, 640, 640, GeometryMode.Stretch);
        int n = _postprocessor.Process(_spec, _output, modelSpace, _results);
        int[] ours = [.. _results.Take(n).Select(d => d.Index)];
        PythonPeer.Run(_output, YoloV8Field.Classes, YoloV8Field.Anchors, Conf, IoU, MaxDetections, ours);
    }

    [GlobalSetup(Target = nameof(ScalarReference))]
    public void Setup()
    {
        _output = YoloV8Field.Generate(seed: 2024);
        _candidates = new Detection[YoloV8Field.Anchors];
        _spec = new LayoutSpec(OutputLayout.YoloV8, YoloV8Field.Classes, YoloV8Field.Anchors, 4 + YoloV8Field.Classes, [0]);
        _postprocessor = new DetectionPostprocessor(new PostprocessSettings { ScoreThreshold = Conf, IoUThreshold = IoU, MaxDetections = MaxDetections }, 640, 640);
        _transform = GeometryPlanner.Plan(1280, 720, 640, 640, GeometryMode.Letterbox);
    }

    [Benchmark(Baseline = true)]
    public int ScalarReference()
    {
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.DecodeReference(_output, YoloV8Field.Classes, YoloV8Field.Anchors, new ScoreThresholds(Conf), _candidates, ref stats);
        Detection[] kept = Nms.GreedyReference(_candidates.AsSpan(0, n), IoU, classAgnostic: false, MaxDetections);
        kept.CopyTo(_results, 0);
        return BoxMapper.ToSource(_results.AsSpan(0, kept.Length), _transform);
    }

    [Benchmark]
    public int Onboard() => _postprocessor.Process(_spec, _output, _transform, _results);

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new PythonPeerColumn(speedUp: false), new PythonPeerColumn(speedUp: true));
        }
    }
}
