using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Onboard.Hil.Evaluation;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;

namespace Onboard.Bench.Tracking;

/// <summary>
/// One tracker step in steady state with N tracks and N detections (10, 100, 1000): N objects on a grid, each moving
/// 1 px per frame with a little jitter, one in seven scoring in the low band (stage 2), at 30 fps capture times.
/// Allocated bytes per operation are bytes per frame. Baseline: the SORT-style tracker of the evaluation (greedy IoU,
/// lists per frame) on the same frames. Run: <c>make bench ARGS="--filter *TrackerStep*"</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TrackerStepBenchmark
{
    private const long Period = 33_333_333;

    private ByteTracker _tracker = null!;
    private SortBaseline _sort = null!;
    private Detection[] _detections = [];
    private int _frame;
    private int _sortFrame;

    [Params(10, 100, 1000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tracker = new ByteTracker(new TrackerSettings { MaxTracks = 1100, MaxDetections = 1100 });
        _sort = new SortBaseline();
        _detections = new Detection[N];
        for (int f = 0; f < 10; f++)
        {
            Onboard();
            Sort();
        }
        if (_tracker.LiveTracks != N)
        {
            throw new InvalidOperationException($"{_tracker.LiveTracks} live tracks, expected {N}");
        }
    }

    [Benchmark(Baseline = true)]
    public int Sort()
    {
        Fill(_sortFrame);
        return _sort.Step(_sortFrame++ * Period, _detections).Count;
    }

    [Benchmark]
    public int Onboard()
    {
        Fill(_frame);
        return _tracker.Step(_frame++ * Period, _detections).Count;
    }

    /// <summary>Frame f of the scene: a grid 40 boxes wide, 30 px apart, 20 px boxes moving right 1 px per frame.</summary>
    private void Fill(int f)
    {
        for (int i = 0; i < N; i++)
        {
            float x = 30 * (i % 40) + f + 0.3f * ((i * 7 + f) % 3 - 1), y = 30 * (i / 40) + 0.3f * ((i + f) % 3 - 1);
            float score = (i + f) % 7 == 0 ? 0.18f : 0.85f;
            _detections[i] = new Detection(new BoxF(x, y, x + 20, y + 20), score, 0, i);
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10).WithLaunchCount(1));
    }
}
