using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// The pipeline's engine over the inference layer: <see cref="FrameDetector"/> preprocesses into, and
/// <see cref="DetectorSession"/> runs from, one <see cref="InputSlot"/> per frame context, each with its own
/// binding, so preprocessing and inference overlap with no copy and no per-frame allocation. Works for
/// float models and for models that take raw frames (preprocessing composed into the graph). A float model
/// may feed a <see cref="CameraShadow"/> the tensor it ran on.
/// </summary>
public sealed class DetectorEngine : IDetectionEngine
{
    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly List<InputSlot> _slots = [];

    /// <summary>Takes ownership of <paramref name="session"/> and <paramref name="shadow"/>.</summary>
    public DetectorEngine(DetectorSession session, DetectorSettings? settings = null, CameraShadow? shadow = null)
    {
        if (shadow is not null && (session.TakesRawFrame || session.BatchSize != 1 || session.InputTensor.Length != shadow.InputLength))
        {
            throw new ArgumentException(
                $"a shadow runs on the primary's preprocessed tensor: model input '{session.InputName}' [{string.Join(", ", session.InputShape)}] " +
                $"({(session.TakesRawFrame ? "raw uint8 frames" : "float")}) cannot feed a shadow whose input holds {shadow.InputLength} floats", nameof(shadow));
        }
        _session = session;
        _detector = new FrameDetector(session, settings);
        Shadow = shadow;
    }

    public string ExecutionProvider => _session.ExecutionProvider;
    public TimeSpan ColdRunTime => _session.ColdRunTime;
    public TimeSpan FirstFrameTime => _session.FirstFrameTime;
    public int ClassCount => _detector.ClassCount;
    /// <summary>The effective cap on detections per frame (config, else manifest, else default).</summary>
    public int MaxDetections => _detector.Settings.MaxDetections;
    public DetectorSession Session => _session;
    public CameraShadow? Shadow { get; }

    public EngineInput CreateInput()
    {
        InputSlot slot = _session.CreateInputSlot();
        _slots.Add(slot);
        return new SlotInput(slot);
    }

    public ImageTransform Preprocess(scoped in ImageView frame, EngineInput input)
    {
        var slotInput = (SlotInput)input;
        slotInput.Transform = _detector.Preprocess(frame, slotInput.Slot);
        return slotInput.Transform;
    }

    /// <summary>
    /// Runs the primary, then offers its tensor to the shadow. Offering after the run, not before, keeps the
    /// primary first on the cores: the shadow computes in the gap until the next frame (and at nice 10 beside it),
    /// and when that frame comes a preempting shadow is aborted before the primary runs. The offer never waits (a busy shadow skips
    /// the frame); its cost on this thread is one copy of the tensor, made before the context moves on and
    /// the ingest thread may preprocess the next frame into this slot.
    /// </summary>
    public void Infer(EngineInput input)
    {
        var slotInput = (SlotInput)input;
        Shadow?.YieldToPrimary();
        _detector.Infer(slotInput.Slot);
        Shadow?.Offer(slotInput.Slot.Floats, slotInput.Transform, input.Sequence);
    }

    public int Postprocess(in ImageTransform transform, Span<Detection> results) => _detector.Postprocess(transform, results);

    public void Dispose()
    {
        // The shadow first: its thread may still be running its session, never the primary's.
        Shadow?.Dispose();
        foreach (InputSlot slot in _slots)
        {
            slot.Dispose();
        }
        _session.Dispose();
    }

    private sealed class SlotInput(InputSlot slot) : EngineInput
    {
        public InputSlot Slot { get; } = slot;

        /// <summary>The geometry of the frame preprocessed into this slot (for the shadow, which decodes on its own).</summary>
        public ImageTransform Transform { get; set; }
    }
}
