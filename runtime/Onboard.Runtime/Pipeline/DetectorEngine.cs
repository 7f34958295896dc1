using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// The pipeline's engine over the inference layer: <see cref="FrameDetector"/> preprocesses into, and
/// <see cref="DetectorSession"/> runs from, one <see cref="InputSlot"/> per frame context, each with its own
/// binding, so preprocessing and inference overlap with no copy and no per-frame allocation. Works for
/// float models and for models that take raw frames (preprocessing composed into the graph).
/// </summary>
public sealed class DetectorEngine : IDetectionEngine
{
    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly List<InputSlot> _slots = [];

    /// <summary>Takes ownership of <paramref name="session"/>.</summary>
    public DetectorEngine(DetectorSession session, DetectorSettings? settings = null)
    {
        _session = session;
        _detector = new FrameDetector(session, settings);
    }

    public string ExecutionProvider => _session.ExecutionProvider;
    public int ClassCount => _detector.ClassCount;
    /// <summary>The effective cap on detections per frame (config, else manifest, else default).</summary>
    public int MaxDetections => _detector.Settings.MaxDetections;
    public DetectorSession Session => _session;

    public EngineInput CreateInput()
    {
        InputSlot slot = _session.CreateInputSlot();
        _slots.Add(slot);
        return new SlotInput(slot);
    }

    public ImageTransform Preprocess(scoped in ImageView frame, EngineInput input) =>
        _detector.Preprocess(frame, ((SlotInput)input).Slot);

    public void Infer(EngineInput input) => _detector.Infer(((SlotInput)input).Slot);

    public int Postprocess(in ImageTransform transform, Span<Detection> results) => _detector.Postprocess(transform, results);

    public void Dispose()
    {
        foreach (InputSlot slot in _slots)
        {
            slot.Dispose();
        }
        _session.Dispose();
    }

    private sealed class SlotInput(InputSlot slot) : EngineInput
    {
        public InputSlot Slot { get; } = slot;
    }
}
