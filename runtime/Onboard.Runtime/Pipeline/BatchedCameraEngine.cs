using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// One camera's engine over a <see cref="CameraBatcher"/> shared with other cameras: the camera preprocesses
/// into its frame contexts' own one-image buffers (ingest thread), its infer thread puts each frame into its
/// lane of a batch and waits for the batch's run (see <see cref="EngineInput.RunStartNs"/>), then decodes its
/// lane of the outputs with its own <see cref="FrameDetector"/> (decoders keep per-camera scratch).
/// Made by <see cref="CameraBatcher.CreateEngine"/>; disposing it takes the camera out of the batches.
/// </summary>
/// <remarks>
/// Thread ownership: <c>_heldSlot</c> and <c>_frames</c> belong to the camera's infer thread (and to the
/// disposing thread once that has finished); preprocessing touches only the input it is given.
/// </remarks>
public sealed class BatchedCameraEngine : IDetectionEngine
{
    private readonly CameraBatcher _batcher;
    private readonly FrameDetector _detector;
    private int _heldSlot = -1;
    private long _frames;

    internal BatchedCameraEngine(CameraBatcher batcher, int lane, string cameraId, FrameDetector detector)
    {
        _batcher = batcher;
        _detector = detector;
        Lane = lane;
        CameraId = cameraId;
    }

    /// <summary>This camera's batch index.</summary>
    public int Lane { get; }

    public string CameraId { get; }
    public CameraBatcher Batcher => _batcher;
    public string ExecutionProvider => _batcher.ExecutionProvider;
    public TimeSpan ColdRunTime => _batcher.Session.ColdRunTime;
    public TimeSpan FirstFrameTime => _batcher.Session.FirstFrameTime;

    public EngineInput CreateInput() => new ImageInput(_detector.ImageLength);

    public ImageTransform Preprocess(scoped in ImageView frame, EngineInput input) =>
        _detector.Preprocess(frame, ((ImageInput)input).Image);

    /// <summary>Waits for this frame's batch to run (at most the batch timeout for the other cameras, plus the run in progress).</summary>
    public void Infer(EngineInput input)
    {
        // A caller that skipped Postprocess must not keep the slot from the batches after it.
        ReleaseHeld();
        _heldSlot = _batcher.Infer(Lane, ((ImageInput)input).Image, input, ++_frames);
    }

    public int Postprocess(in ImageTransform transform, Span<Detection> results)
    {
        int slot = _heldSlot;
        if (slot < 0)
        {
            throw new InvalidOperationException("Postprocess follows a successful Infer");
        }
        _heldSlot = -1;
        return _batcher.Postprocess(Lane, slot, _detector, transform, results);
    }

    public void Dispose()
    {
        ReleaseHeld();
        _batcher.Leave(Lane);
    }

    private void ReleaseHeld()
    {
        if (_heldSlot >= 0)
        {
            _batcher.Release(_heldSlot);
            _heldSlot = -1;
        }
    }

    private sealed class ImageInput(int length) : EngineInput
    {
        public float[] Image { get; } = new float[length];
    }
}
