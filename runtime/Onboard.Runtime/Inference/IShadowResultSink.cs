using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Where a shadow model's results go (the trigger rules), deliberately a different type from anything the
/// detection publisher accepts: shadow output can never be published as primary detections by mistake.
/// Called on the shadow thread; the span is only valid during the call.
/// </summary>
internal interface IShadowResultSink
{
    /// <summary>One shadow run's detections; <paramref name="transform"/> is the frame's preprocessing geometry as
    /// offered with it (its source size is the frame's).</summary>
    void OnShadowResult(ulong sequence, in ImageTransform transform, ReadOnlySpan<Detection> detections);
}
