namespace Onboard.Runtime.Frames;

/// <summary>What a copying source (pipe, ffmpeg) does when its consumer falls behind.</summary>
public enum IngestBackpressure
{
    /// <summary>Real time: the oldest queued frame makes room for the newest (counted <see cref="FrameDropReason.QueueFull"/>).</summary>
    DropOldest,

    /// <summary>Offline: stop reading until the consumer catches up, so the writer (ffmpeg, a file) waits and no frame is lost.</summary>
    Block,
}
