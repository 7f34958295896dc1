using Onboard.Kernels.Geometry;
using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Everything one frame in flight needs, allocated once per pipeline and recycled: the model input it is
/// preprocessed into, the geometry to map boxes back, and the result the publisher sends. A context
/// is owned by exactly one thread at a time; handing it through a <see cref="Primitives.DropOldestHandoff{T}"/> hands
/// over ownership (the handoff's lock is the memory barrier).
/// </summary>
internal sealed class FrameContext
{
    internal FrameContext(CameraPipeline owner, EngineInput input, int maxDetections, TrackerSettings? tracker)
    {
        Owner = owner;
        Input = input;
        Result = new FrameResult(maxDetections, tracker);
    }

    /// <summary>The pipeline this context belongs to (and returns to).</summary>
    public CameraPipeline Owner { get; }

    public EngineInput Input { get; }
    public ImageTransform Transform { get; set; }
    public FrameResult Result { get; }
}
