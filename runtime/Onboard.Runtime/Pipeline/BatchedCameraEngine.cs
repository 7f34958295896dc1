using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// One camera's engine over a <see cref="CameraBatcher"/> shared with other cameras: the camera preprocesses
/// into its frame contexts' own one-image buffers (ingest thread), its infer thread puts each frame into its
/// lane of a batch and waits for the batch's run (see <see cref="EngineInput.RunStartNs"/>), then decodes its
/// lane of that run's outputs with its own <see cref="FrameDetector"/> (decoders keep per-camera scratch).
/// Made by <see cref="CameraBatcher.CreateEngine"/>; disposing it takes the camera out of the batches.
/// </summary>
/// <remarks>
/// Thread ownership: the batch slot an input's run left its outputs in (<c>ImageInput.Slot</c>) and <c>_frames</c>
/// belong to the camera's infer thread (and to the disposing thread once that has finished); preprocessing
/// touches only the input it is given.
/// </remarks>
internal sealed class BatchedCameraEngine : IDetectionEngine
{
    private readonly CameraBatcher _batcher;
    private readonly FrameDetector _detector;
    private readonly List<ImageInput> _inputs = [];
    private long _frames;

    internal BatchedCameraEngine(CameraBatcher batcher, int lane, string cameraId, FrameDetector detector, EngineInfo info)
    {
        _batcher = batcher;
        _detector = detector;
        Lane = lane;
        CameraId = cameraId;
        Info = info;
    }

    /// <summary>This camera's batch index.</summary>
    public int Lane { get; }

    public string CameraId { get; }
    public CameraBatcher Batcher => _batcher;
    public EngineInfo Info { get; }

    public EngineStats Stats
    {
        get
        {
            DecodeStats decode = _detector.DecodeStats;
            return new EngineStats
            {
                ColdRun = _batcher.Session.ColdRunTime,
                FirstFrameInfer = _batcher.Session.FirstFrameTime,
                DecodeNonFinite = decode.NonFinite,
                DecodeDegenerate = decode.Degenerate,
                DecodeInvalidIndex = decode.InvalidIndex,
            };
        }
    }

    public EngineInput CreateInput()
    {
        var input = new ImageInput(_detector.ImageLength);
        _inputs.Add(input);
        return input;
    }

    public ImageTransform Preprocess(scoped in ImageView frame, EngineInput input) =>
        _detector.Preprocess(frame, ((ImageInput)input).Image);

    /// <summary>Waits for this frame's batch to run (at most the batch timeout for the other cameras, plus the run in progress).</summary>
    public void Infer(EngineInput input)
    {
        var image = (ImageInput)input;
        // An input whose last run was never decoded must not keep that slot from the batches after it.
        Release(image);
        image.Slot = _batcher.Infer(Lane, image.Image, input, ++_frames);
    }

    public int Postprocess(EngineInput input, in ImageTransform transform, Span<Detection> results)
    {
        var image = (ImageInput)input;
        int slot = image.Slot;
        if (slot < 0)
        {
            throw new InvalidOperationException("Postprocess decodes an input's run: call Infer with the same input first");
        }
        image.Slot = -1;
        return _batcher.Postprocess(Lane, slot, _detector, transform, results);
    }

    public void Dispose()
    {
        foreach (ImageInput input in _inputs)
        {
            Release(input);
        }
        _batcher.Leave(Lane);
        _detector.Dispose();
    }

    private void Release(ImageInput input)
    {
        if (input.Slot >= 0)
        {
            _batcher.Release(input.Slot);
            input.Slot = -1;
        }
    }

    private sealed class ImageInput(int length) : EngineInput
    {
        public float[] Image { get; } = new float[length];

        /// <summary>The batch slot holding this input's last run's outputs until decoded; −1 when none.</summary>
        public int Slot { get; set; } = -1;
    }
}
