namespace Onboard.Runtime.Triggers;

/// <summary>Bounds that size the evaluators' preallocated state (so a frame never allocates); the config refuses more.</summary>
internal static class TriggerLimits
{
    /// <summary>trackFlicker's <c>times</c>: re-finds remembered per track.</summary>
    public const int MaxFlickerTimes = 16;

    /// <summary>Frames a sliding window remembers (deadlineMiss's <c>count</c>, latencySpike's frames in its window).</summary>
    public const int MaxWindowFrames = 8192;

    /// <summary>Tracks followed at once per rule (trackFlicker, classFlip, lateDetection); the oldest is forgotten.</summary>
    public const int MaxTracks = 512;
}
