using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Where a shadow model's results go (the trigger rules), deliberately a different type from anything the
/// detection publisher accepts: shadow output can never be published as primary detections by mistake.
/// Called on the shadow thread; the span is only valid during the call.
/// </summary>
public interface IShadowResultSink
{
    void OnShadowResult(ulong sequence, ReadOnlySpan<Detection> detections);
}
