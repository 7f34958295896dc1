namespace Onboard.Hil.Scenes;

/// <summary>The detection-level sequences <see cref="TrackingSequenceGenerator"/> makes, each stressing one thing a tracker must survive.</summary>
public enum TrackingScenario
{
    /// <summary>Driving at 15 m/s past roadside signs, turned toward the road: boxes grow and their aspect changes in perspective; far signs are missed or weak.</summary>
    SignsApproaching,

    /// <summary>Pairs of same-class, same-size objects crossing; the one behind is hidden or weak while they overlap.</summary>
    Crossing,

    /// <summary>Objects hidden 0.3–1.5 s, with only low-score detections (0.1–0.24) or none while hidden: ByteTrack's case.</summary>
    Occlusions,

    /// <summary>Steady objects among flickering false detections, some scoring above the high threshold.</summary>
    FalsePositives,

    /// <summary>Bursts of 0.1–0.8 s of frames that never arrive, and capture times jittered by ±3 ms: uneven intervals.</summary>
    DroppedFrames,

    /// <summary>Objects on curved paths with heavy box jitter (7 % of the size) and unsteady scores.</summary>
    Jitter,
}
