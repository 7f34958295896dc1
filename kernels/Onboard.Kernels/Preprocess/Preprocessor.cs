using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Convenience entry point: source frame → NCHW float tensor through the fused kernel
/// (<see cref="FramePreprocessor"/>) on the calling thread. Pipelines that want worker threads or other
/// element types hold their own <see cref="FramePreprocessor"/>.
/// </summary>
public static class Preprocessor
{
    // One single-threaded kernel per calling thread: its plan and scratch rows are reused frame after frame.
    [ThreadStatic]
    private static FramePreprocessor? s_current;

    /// <summary>
    /// Fills <paramref name="tensor"/> (length ≥ 3·H·W) from <paramref name="source"/> in <paramref name="options"/>'
    /// layout. Returns the transform to map model-space boxes back to source pixels.
    /// </summary>
    public static ImageTransform ToPlanarFloat(scoped in ImageView source, Span<float> tensor, in PreprocessOptions options)
    {
        s_current ??= new FramePreprocessor(1);
        return s_current.Run(source, tensor, options);
    }
}
