using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What a camera pipeline runs per frame, split the way its stage threads split it: preprocessing into a
/// tensor the pipeline owns (ingest thread), then inference and postprocessing (infer thread). Because the
/// tensor is the pipeline's, frame N+1 can be preprocessed while frame N infers.
/// </summary>
/// <remarks>A batching muxer would implement this seam across cameras: its Infer gathers several cameras'
/// tensors into one dynamic-batch run (see the pipeline README).</remarks>
public interface IDetectionEngine : IDisposable
{
    /// <summary>Floats in one preprocessed frame (the model input tensor).</summary>
    int InputLength { get; }

    string ExecutionProvider { get; }

    /// <summary>
    /// Ingest thread: writes <paramref name="frame"/> as the model input into <paramref name="tensor"/> and
    /// returns the geometry to map boxes back. Must touch nothing <see cref="Infer"/> uses (they run concurrently).
    /// Throws <see cref="ArgumentException"/> or <see cref="NotSupportedException"/> for a frame it cannot read.
    /// </summary>
    ImageTransform Preprocess(scoped in ImageView frame, Span<float> tensor);

    /// <summary>Infer thread: runs the model on <paramref name="tensor"/>.</summary>
    void Infer(ReadOnlySpan<float> tensor);

    /// <summary>Infer thread, after <see cref="Infer"/>: decodes detections (source pixels, best first); returns the count.</summary>
    int Postprocess(in ImageTransform transform, Span<Detection> results);
}
