namespace Onboard.Kernels.Tracking;

/// <summary>Where a track is in its life (ByteTrack's states; removed tracks are gone from the result).</summary>
public enum TrackState
{
    /// <summary>Started from one detection; confirmed by a match in the next frame, removed without one.</summary>
    Tentative = 1,

    /// <summary>Matched in this frame (or re-found after being lost).</summary>
    Confirmed = 2,

    /// <summary>Confirmed before, unmatched now; kept for the buffer time, predicted, and re-found by stage 1.</summary>
    Lost = 3,
}
