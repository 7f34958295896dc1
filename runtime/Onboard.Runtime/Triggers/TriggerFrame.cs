using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// What the rules see of one primary frame: a view over the pipeline's own buffers (nothing copied, nothing
/// allocated). Times are the frame's capture times: the monotonic one drives every window, cooldown and budget,
/// so evaluation is a pure function of the frames (replayable, testable without a clock).
/// </summary>
internal readonly ref struct TriggerFrame
{
    public ulong Sequence { get; init; }
    public long CaptureMonoNs { get; init; }
    public long CaptureUtcNs { get; init; }
    public int ImageWidth { get; init; }
    public int ImageHeight { get; init; }
    public ReadOnlySpan<Detection> Detections { get; init; }

    /// <summary>The camera tracker's live tracks, in id order (empty when the camera does not track).</summary>
    public ReadOnlySpan<TrackSnapshot> Tracks { get; init; }

    /// <summary>Published after its deadline.</summary>
    public bool Late { get; init; }

    /// <summary>The primary model's run on this frame (0: not known).</summary>
    public long InferNs { get; init; }
}
