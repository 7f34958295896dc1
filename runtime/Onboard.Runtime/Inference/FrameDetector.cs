using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Models.Loading;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Frame in, detections in source pixels out, in three steps a pipeline can time separately:
/// <see cref="Preprocess"/> into the session's bound input, <see cref="Infer"/>, <see cref="Postprocess"/>
/// (YOLOv8 decode, NMS, inverse geometry). All buffers are allocated here once.
/// </summary>
public sealed class FrameDetector
{
    private readonly DetectorSession _session;
    private readonly Detection[] _candidates;
    private readonly PreprocessOptions _preprocess;

    public FrameDetector(DetectorSession session, DetectorSettings settings)
    {
        _session = session;
        Settings = settings;
        if (session.OutputShape.Length != 3 || session.OutputShape[0] != 1 || session.OutputShape[1] <= 4)
        {
            throw new ModelLoadException(session.ModelPath,
                $"output '{session.OutputName}' has shape [{string.Join(", ", session.OutputShape)}], expected the YOLOv8 head [1, 4 + classes, anchors]");
        }
        ClassCount = (int)session.OutputShape[1] - 4;
        AnchorCount = (int)session.OutputShape[2];
        _candidates = new Detection[AnchorCount];
        _preprocess = new PreprocessOptions(session.InputWidth, session.InputHeight);
    }

    public DetectorSettings Settings { get; }
    public int ClassCount { get; }
    public int AnchorCount { get; }

    /// <summary>Candidates dropped because a score or box was NaN or infinite, since creation.</summary>
    public long NonFiniteRejected { get; private set; }

    public ImageTransform Preprocess(scoped in ImageView frame) =>
        Preprocessor.ToPlanarFloat(frame, _session.Input, _preprocess);

    public void Infer() => _session.Run();

    /// <summary>Writes up to <c>results.Length</c> detections, best first, in source pixels; returns the count.</summary>
    public int Postprocess(in ImageTransform transform, Span<Detection> results)
    {
        int n = YoloV8Decoder.Decode(_session.Output, ClassCount, AnchorCount, Settings.ScoreThreshold, _candidates, out int rejected);
        NonFiniteRejected += rejected;
        Span<Detection> candidates = _candidates.AsSpan(0, n);
        int kept = Nms.Greedy(candidates, Settings.IoUThreshold, Settings.ClassAgnostic, Math.Min(Settings.MaxDetections, results.Length));
        for (int i = 0; i < kept; i++)
        {
            Detection d = candidates[i];
            d.Box = transform.ToSource(d.Box);
            results[i] = d;
        }
        return kept;
    }

    public int Detect(scoped in ImageView frame, Span<Detection> results)
    {
        ImageTransform t = Preprocess(frame);
        Infer();
        return Postprocess(t, results);
    }
}
