namespace Onboard.Runtime.Frames;

/// <summary>Why a frame that reached a source never reached (or did not survive) its consumer.</summary>
public enum FrameDropReason
{
    /// <summary>The producer reused the frame's shared-memory slot before the consumer acquired it.</summary>
    Overwritten,

    /// <summary>The slot was reused while the consumer still read it (<see cref="FrameLease.IsIntact"/> false at release).</summary>
    Torn,

    /// <summary>The source's bounded queue was full and dropped its oldest frame for a newer one.</summary>
    QueueFull,

    /// <summary>A gap in the producer's sequence: the producer dropped announcements for this consumer (its socket was full).</summary>
    Missed,
}
