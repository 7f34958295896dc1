using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace Onboard.Bench.Postprocess;

/// <summary>
/// YOLOv8 layout, 80 classes, 8400 anchors, a realistic score field (<see cref="YoloV8Field"/>): decode +
/// per-class NMS + mapping to a 1280×720 source, single-threaded. Baseline: Onboard. Side by side in the
/// same run: OpenCV 4.13 in this process (<see cref="OpenCvSharp"/>: the decode loop a C# user writes, then
/// <c>CvDnn.NMSBoxes</c> with class offsets — OpenCvSharp exposes no NMSBoxesBatched), and the scalar
/// references (one anchor at a time over every class, then pair-by-pair NMS). The Python peer (numpy +
/// OpenCV 4.6) runs once in setup, times itself in its own process, and appears in the "Python median" and
/// "vs Python" columns. Threads: none of these is parallel (OpenCV's NMSBoxes is a serial loop), so there is
/// no all-cores case. Run: <c>make bench ARGS="--filter *YoloV8Postprocess*"</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class YoloV8PostprocessBenchmark
{
    private const float Conf = 0.25f;
    private const float IoU = 0.7f;
    private const int MaxDetections = 300;
    private const double ClassOffset = 7680; // Ultralytics' max_wh: boxes of different classes never overlap

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

    [GlobalSetup(Targets = [nameof(OpenCvSharp), nameof(OpenCvSharpRowWise)])]
    public void SetupOpenCvSharp()
    {
        Setup();
        Cv2.SetNumThreads(1);
        var modelSpace = GeometryPlanner.Plan(640, 640, 640, 640, GeometryMode.Stretch);
        int n = _postprocessor.Process(_spec, _output, modelSpace, _results);
        int[] ours = [.. _results.Take(n).Select(d => d.Index)];
        int kept = OpenCvSharpDecodeAndNms(out int candidates);
        int[] theirs = [.. _results.Take(kept).Select(d => d.Index)];
        int keptRowWise = OpenCvSharpRowWiseDecodeAndNms(out _);
        bool sameRowWise = _results.Take(keptRowWise).Select(d => d.Index).SequenceEqual(theirs);
        Console.WriteLine($"// OpenCvSharp {Cv2.GetVersionString()}: {candidates} candidates, {kept} kept; same detections in the same order as ours: {theirs.AsSpan().SequenceEqual(ours)} (row-wise decode too: {sameRowWise})");
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

    [Benchmark]
    public int ScalarReference()
    {
        var stats = default(DecodeStats);
        int n = YoloV8Decoder.DecodeReference(_output, YoloV8Field.Classes, YoloV8Field.Anchors, new ScoreThresholds(Conf), _candidates, ref stats);
        Detection[] kept = Nms.GreedyReference(_candidates.AsSpan(0, n), IoU, classAgnostic: false, MaxDetections);
        kept.CopyTo(_results, 0);
        return BoxMapper.ToSource(_results.AsSpan(0, kept.Length), _transform);
    }

    [Benchmark(Baseline = true)]
    public int Onboard() => _postprocessor.Process(_spec, _output, _transform, _results);

    /// <summary>What a C# user writes around OpenCV: per anchor the best class over the [84, 8400] rows, lists of
    /// the candidates above the threshold, <c>CvDnn.NMSBoxes</c> on class-offset boxes, then the kept boxes
    /// mapped back through the letterbox.</summary>
    [Benchmark]
    public int OpenCvSharp() => MapToSource(OpenCvSharpDecodeAndNms(out _));

    /// <summary>The same with the decode loop in its fast form (the numpy peer's): the best class per anchor
    /// over contiguous class rows first, then the boxes of the anchors above the threshold.</summary>
    [Benchmark(Description = "OpenCvSharp, row-wise decode")]
    public int OpenCvSharpRowWise() => MapToSource(OpenCvSharpRowWiseDecodeAndNms(out _));

    /// <summary>Ultralytics' scale_boxes, as a user writes it: subtract the pad, divide by the gain, clip.</summary>
    private int MapToSource(int n)
    {
        float gain = _transform.ScaleX, padX = _transform.PadLeft, padY = _transform.PadTop;
        for (int k = 0; k < n; k++)
        {
            BoxF b = _results[k].Box;
            _results[k].Box = new BoxF(
                Math.Clamp((b.X1 - padX) / gain, 0, 1280), Math.Clamp((b.Y1 - padY) / gain, 0, 720),
                Math.Clamp((b.X2 - padX) / gain, 0, 1280), Math.Clamp((b.Y2 - padY) / gain, 0, 720));
        }
        return n;
    }

    private int OpenCvSharpRowWiseDecodeAndNms(out int candidates)
    {
        const int A = YoloV8Field.Anchors;
        float[] o = _output;
        var best = new float[A];
        var bestClass = new int[A];
        o.AsSpan(4 * A, A).CopyTo(best);
        for (int c = 1; c < YoloV8Field.Classes; c++)
        {
            int row = (4 + c) * A;
            for (int i = 0; i < A; i++)
            {
                if (o[row + i] > best[i])
                {
                    best[i] = o[row + i];
                    bestClass[i] = c;
                }
            }
        }
        var boxes = new List<Rect2d>();
        var scores = new List<float>();
        var found = new List<(int Anchor, int Class)>();
        for (int i = 0; i < A; i++)
        {
            if (best[i] > Conf)
            {
                AddCandidate(boxes, scores, found, i, best[i], bestClass[i]);
            }
        }
        candidates = boxes.Count;
        return OpenCvSharpNms(boxes, scores, found);
    }

    /// <summary>The decode loop and NMSBoxes: the kept detections (model space) in <see cref="_results"/>, in output order.</summary>
    private int OpenCvSharpDecodeAndNms(out int candidates)
    {
        const int A = YoloV8Field.Anchors;
        var boxes = new List<Rect2d>();
        var scores = new List<float>();
        var found = new List<(int Anchor, int Class)>();
        float[] o = _output;
        for (int i = 0; i < A; i++)
        {
            float best = 0;
            int cls = -1;
            for (int c = 0; c < YoloV8Field.Classes; c++)
            {
                float s = o[((4 + c) * A) + i];
                if (s > best)
                {
                    best = s;
                    cls = c;
                }
            }
            if (best > Conf)
            {
                AddCandidate(boxes, scores, found, i, best, cls);
            }
        }
        candidates = boxes.Count;
        return OpenCvSharpNms(boxes, scores, found);
    }

    private void AddCandidate(List<Rect2d> boxes, List<float> scores, List<(int Anchor, int Class)> found, int i, float score, int cls)
    {
        const int A = YoloV8Field.Anchors;
        float[] o = _output;
        // float64, as the Python peer: the class offset must not round the box.
        double cx = o[i], cy = o[A + i], w = o[(2 * A) + i], h = o[(3 * A) + i], offset = cls * ClassOffset;
        boxes.Add(new Rect2d(cx - (w / 2) + offset, cy - (h / 2) + offset, w, h));
        scores.Add(score);
        found.Add((i, cls));
    }

    private int OpenCvSharpNms(List<Rect2d> boxes, List<float> scores, List<(int Anchor, int Class)> found)
    {
        const int A = YoloV8Field.Anchors;
        float[] o = _output;
        CvDnn.NMSBoxes(boxes, scores, Conf, IoU, out int[] kept);
        int n = Math.Min(kept.Length, MaxDetections);
        for (int k = 0; k < n; k++)
        {
            (int i, int cls) = found[kept[k]];
            float cx = o[i], cy = o[A + i], w = o[(2 * A) + i], h = o[(3 * A) + i];
            _results[k] = new Detection(new BoxF(cx - (w / 2), cy - (h / 2), cx + (w / 2), cy + (h / 2)), scores[kept[k]], cls, i);
        }
        return n;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns()
        {
            AddColumn(new PythonPeerColumn(speedUp: false), new PythonPeerColumn(speedUp: true));
        }
    }
}
