using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What a camera pipeline runs per frame, split the way its stage threads split it: preprocessing into an
/// input the frame context owns (ingest thread), then inference and postprocessing (infer thread). Because
/// each frame in flight has its own input, frame N+1 can be preprocessed while frame N infers.
/// </summary>
/// <remarks>Cross-camera batching implements this seam across cameras (<see cref="CameraBatcher"/>): each camera's
/// <see cref="BatchedCameraEngine"/> Infer joins a batch of several cameras' frames and waits for its one run,
/// stamping the run on the input (<see cref="EngineInput.RunStartNs"/>).</remarks>
public interface IDetectionEngine : IDisposable
{
    string ExecutionProvider { get; }

    /// <summary>The camera's shadow model, fed by <see cref="Infer"/>; null when it has none. The engine owns it.</summary>
    CameraShadow? Shadow => null;

    /// <summary>The session's first run, made during warm-up before any frame (zero for engines without one).</summary>
    TimeSpan ColdRunTime => TimeSpan.Zero;

    /// <summary>The first real frame's inference after warm-up; zero until it has run.</summary>
    TimeSpan FirstFrameTime => TimeSpan.Zero;

    /// <summary>A new model input for one frame context; called while the pipeline is built, never per frame.
    /// The engine owns it and releases it when disposed.</summary>
    EngineInput CreateInput();

    /// <summary>
    /// Ingest thread: writes <paramref name="frame"/> as the model input into <paramref name="input"/> and
    /// returns the geometry to map boxes back. Must touch nothing <see cref="Infer"/> uses (they run concurrently).
    /// Throws <see cref="ArgumentException"/> or <see cref="NotSupportedException"/> for a frame it cannot read.
    /// </summary>
    ImageTransform Preprocess(scoped in ImageView frame, EngineInput input);

    /// <summary>Infer thread: runs the model on <paramref name="input"/>.</summary>
    void Infer(EngineInput input);

    /// <summary>Infer thread, after <see cref="Infer"/>: decodes detections (source pixels, best first); returns the count.</summary>
    int Postprocess(in ImageTransform transform, Span<Detection> results);
}
