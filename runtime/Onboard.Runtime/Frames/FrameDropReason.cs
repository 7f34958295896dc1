namespace Onboard.Runtime.Frames;

/// <summary>
/// Why a frame that reached a source never reached its consumer. A frame whose slot is reused while the consumer
/// reads it (<see cref="FrameLease.IsIntact"/> false) was delivered: the consumer counts it, once (the pipeline as
/// <c>DROP_REASON_OVERWRITTEN</c>), not the source as well.
/// </summary>
internal enum FrameDropReason
{
    /// <summary>The producer reused the frame's shared-memory slot before the consumer acquired it.</summary>
    Overwritten,

    /// <summary>The source's bounded queue was full and dropped its oldest frame for a newer one.</summary>
    QueueFull,

    /// <summary>A gap in the producer's sequence: the producer dropped announcements for this consumer (its socket was full).</summary>
    Missed,
}
