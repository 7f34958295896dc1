namespace Onboard.Kernels.Tracking;

/// <summary>
/// The result of one <see cref="ByteTracker.Step(long, System.ReadOnlySpan{Postprocess.Detection})"/>: every live track
/// (tentative, confirmed and lost) in id order, each with its trajectory (confirmed tracks) and recent history.
/// A view over the tracker's own buffers, valid until its next step.
/// </summary>
public readonly ref struct TrackerFrame
{
    private readonly ByteTracker _tracker;

    internal TrackerFrame(ByteTracker tracker, long captureNs)
    {
        _tracker = tracker;
        CaptureNs = captureNs;
    }

    /// <summary>The capture time of the frame tracked.</summary>
    public long CaptureNs { get; }

    public ReadOnlySpan<TrackSnapshot> Tracks => _tracker.Snapshots;

    public int Count => _tracker.Snapshots.Length;

    /// <summary>Predicted positions of track <paramref name="index"/> at the configured horizons (empty unless confirmed).</summary>
    public ReadOnlySpan<TrajectoryPoint> Trajectory(int index) => _tracker.TrajectoryOf(index);

    /// <summary>The last observed positions of track <paramref name="index"/>, oldest first.</summary>
    public ReadOnlySpan<HistoryPoint> History(int index) => _tracker.HistoryOf(index);
}
