using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What a camera pipeline runs per frame, split the way its stage threads split it: preprocessing into an
/// input the frame context owns (ingest thread), then inference and postprocessing of that input (infer thread).
/// Because each frame in flight has its own input, frame N+1 can be preprocessed while frame N infers.
/// The engine owns its model's facts (<see cref="Info"/>) and counters (<see cref="Stats"/>).
/// </summary>
/// <remarks>Cross-camera batching implements this seam across cameras (<see cref="CameraBatcher"/>): each camera's
/// engine Infer joins a batch of several cameras' frames and waits for its one run, stamping the run on the input
/// (<see cref="EngineInput.RunStartNs"/>).</remarks>
public interface IDetectionEngine : IDisposable
{
    /// <summary>The model's identity, classes, detection cap, providers and input; fixed once the engine is open.</summary>
    EngineInfo Info { get; }

    /// <summary>A snapshot of the engine's counters and start-up times; any thread (health reads it on the publisher's).</summary>
    EngineStats Stats { get; }

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

    /// <summary>
    /// Infer thread, after <see cref="Infer"/> of the same <paramref name="input"/>: decodes that run's detections
    /// (source pixels, best first, at most <see cref="EngineInfo.MaxDetections"/>); returns the count.
    /// </summary>
    int Postprocess(EngineInput input, in ImageTransform transform, Span<Detection> results);
}
