using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What a pipeline reports besides its counters: watchdog transitions and the specific reason a frame
/// was rejected. Called from stage threads (rare paths only); implementations must be thread-safe.
/// </summary>
public interface IPipelineEvents
{
    void CameraStalled(string cameraId, TimeSpan silentFor);

    void CameraRecovered(string cameraId, TimeSpan stalledFor);

    /// <summary>The watchdog reopened the camera's source (a reconnect attempt).</summary>
    void SourceReopened(string cameraId, string sourceName);

    /// <summary>Opening or reading the source failed; the watchdog retries.</summary>
    void SourceFailed(string cameraId, Exception error);

    /// <summary>A frame was dropped for <paramref name="reason"/> with a specific <paramref name="detail"/>.</summary>
    void FrameRejected(string cameraId, DropReason reason, ulong sequence, string detail);
}
