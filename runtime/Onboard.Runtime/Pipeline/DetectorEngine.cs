using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// The pipeline's engine over the inference layer's <see cref="DetectorSession"/> and <see cref="FrameDetector"/>.
/// Preprocessing writes into the caller's tensor with the same options <see cref="FrameDetector"/> uses;
/// <see cref="Infer"/> copies that tensor into the session's bound input, because the session binds a single
/// input buffer. That copy (3·H·W floats, ~0.3 ms at 640²) is the price of overlapping stages until the
/// session can bind a per-frame tensor; it is inside the infer stage's timing.
/// </summary>
public sealed class DetectorEngine : IDetectionEngine
{
    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly PreprocessOptions _preprocess;

    /// <summary>Takes ownership of <paramref name="session"/>.</summary>
    public DetectorEngine(DetectorSession session, DetectorSettings settings)
    {
        _session = session;
        _detector = new FrameDetector(session, settings);
        _preprocess = new PreprocessOptions(session.InputWidth, session.InputHeight);
    }

    public int InputLength => _session.Input.Length;
    public string ExecutionProvider => _session.ExecutionProvider;
    public int ClassCount => _detector.ClassCount;
    public DetectorSession Session => _session;

    public ImageTransform Preprocess(scoped in ImageView frame, Span<float> tensor) =>
        Preprocessor.ToPlanarFloat(frame, tensor, _preprocess);

    public void Infer(ReadOnlySpan<float> tensor)
    {
        tensor.CopyTo(_session.Input);
        _detector.Infer();
    }

    public int Postprocess(in ImageTransform transform, Span<Detection> results) => _detector.Postprocess(transform, results);

    public void Dispose() => _session.Dispose();
}
