using Onboard.Kernels.Tracking;

namespace Onboard.Runtime.Pipeline;

/// <summary>One camera's pipeline: identity, real-time budget and queue depths. The model's facts come from its engine (<see cref="IDetectionEngine.Info"/>).</summary>
public sealed record CameraPipelineOptions
{
    public required string CameraId { get; init; }

    /// <summary>Capture → published budget. Frames past it are still published, flagged late and counted; zero: no deadline.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No frame for this long: the camera is reported stalled.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>While stalled, the source is reopened this often.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Preprocessed frames waiting for inference; a newer frame evicts the oldest.</summary>
    public int InferQueue { get; init; } = 1;

    /// <summary>Inferred frames waiting for the publisher; a newer frame evicts the oldest.</summary>
    public int PublishQueue { get; init; } = 2;

    /// <summary>The camera's tracker (ByteTrack, <c>cameras[].tracker</c>): run on the primary model's detections after
    /// postprocessing, its tracks published on <c>tracks/&lt;camera&gt;</c>. Null: no tracking.</summary>
    public TrackerSettings? Tracker { get; init; } = new();

    /// <summary>Longest a stage thread waits before re-checking for shutdown and the watchdog.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
