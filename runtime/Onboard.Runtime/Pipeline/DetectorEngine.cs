using Onboard.Kernels.Device;
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
internal sealed class DetectorEngine : IDetectionEngine
{
    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly List<InputSlot> _slots = [];
    private readonly DeviceAccelerator? _device;

    /// <summary>Takes ownership of <paramref name="session"/> and <paramref name="shadow"/>.</summary>
    /// <param name="session">The model's session.</param>
    /// <param name="settings">Thresholds; the manifest's when null.</param>
    /// <param name="shadow">A shadow model fed the tensor each primary run used; null for none.</param>
    /// <param name="identity">The deployment's id, version and class names; the manifest's where it leaves them empty.</param>
    /// <param name="device">Run preprocessing, decode and NMS on this accelerator (<c>"kernels": "device"</c>); owned. Null: the host kernels.</param>
    public DetectorEngine(DetectorSession session, DetectorSettings? settings = null, CameraShadow? shadow = null, ModelIdentity? identity = null,
        DeviceAccelerator? device = null)
    {
        if (shadow is not null && (session.TakesRawFrame || session.BatchSize != 1 || session.InputTensor.Length != shadow.InputLength))
        {
            throw new ArgumentException(
                $"a shadow runs on the primary's preprocessed tensor: model input '{session.InputName}' [{string.Join(", ", session.InputShape)}] " +
                $"({(session.TakesRawFrame ? "raw uint8 frames" : "float")}) cannot feed a shadow whose input holds {shadow.InputLength} floats", nameof(shadow));
        }
        _session = session;
        _detector = new FrameDetector(session, settings, device: device);
        _detector.WarmPreprocessing();
        _device = device;
        Shadow = shadow;
        Info = Describe(session, _detector.Settings, identity) with
        {
            Shadow = shadow?.Info,
            Kernels = device is null ? "host" : DeviceAccelerator.Name(device.Kind),
            DeviceContext = DeviceContextPlan.Choose(device),
        };
    }

    public EngineInfo Info { get; }

    public EngineStats Stats
    {
        get
        {
            DecodeStats decode = _detector.DecodeStats;
            var stats = new EngineStats
            {
                ColdRun = _session.ColdRunTime,
                FirstFrameInfer = _session.FirstFrameTime,
                DecodeNonFinite = decode.NonFinite,
                DecodeDegenerate = decode.Degenerate,
                DecodeInvalidIndex = decode.InvalidIndex,
                DeviceCapHits = _detector.DeviceCapHits,
            };
            return Shadow is { } shadow ? shadow.AddTo(stats) : stats;
        }
    }

    public int ClassCount => _detector.ClassCount;

    /// <summary>True when the device kernels read and write the model's tensors in device memory (CUDA; gpu-check shows it).</summary>
    internal bool DeviceBound => _detector.DeviceBound;
    public DetectorSession Session => _session;
    public CameraShadow? Shadow { get; }

    /// <summary>The facts of <paramref name="session"/>'s model: the deployment's identity over the manifest's.</summary>
    internal static EngineInfo Describe(DetectorSession session, DetectorSettings settings, ModelIdentity? identity)
    {
        var manifest = session.Manifest;
        return new EngineInfo
        {
            ModelId = identity is { Id.Length: > 0 } ? identity.Id : manifest.Id,
            ModelVersion = identity is { Version.Length: > 0 } ? identity.Version : manifest.Version,
            ClassNames = identity is { ClassNames.Count: > 0 } ? identity.ClassNames : manifest.Classes,
            MaxDetections = settings.MaxDetections,
            Sha256 = manifest.Sha256,
            Providers = session.Providers,
            Input = new ModelInput(session.InputName, session.InputShape, session.InputTensor.ElementType, session.InputWidth, session.InputHeight),
        };
    }

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

    /// <summary>Decodes the outputs of <paramref name="input"/>'s last run (the session's shared outputs: runs and decodes alternate on the infer thread).</summary>
    public int Postprocess(EngineInput input, in ImageTransform transform, Span<Detection> results) =>
        _detector.Postprocess(((SlotInput)input).Slot, 0, transform, results);

    public void Dispose()
    {
        // The shadow first: its thread may still be running its session, never the primary's.
        Shadow?.Dispose();
        foreach (InputSlot slot in _slots)
        {
            slot.Dispose();
        }
        _detector.Dispose();
        _device?.Dispose();
        _session.Dispose();
    }

    private sealed class SlotInput(InputSlot slot) : EngineInput
    {
        public InputSlot Slot { get; } = slot;

        /// <summary>The geometry of the frame preprocessed into this slot (for the shadow, which decodes on its own).</summary>
        public ImageTransform Transform { get; set; }
    }
}
