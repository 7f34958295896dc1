namespace Onboard.Kernels.Tracking;

/// <summary>
/// A copy of one <see cref="TrackerFrame"/> that outlives the tracker's next step: the camera pipeline tracks a
/// frame on its infer thread and publishes it later on another, while the tracker moves on to the next frame.
/// Its buffers are sized once from the tracker's settings (capacity × horizons, capacity × history), so a copy
/// allocates nothing. Owned by one thread at a time, handed over with the frame it belongs to.
/// </summary>
public sealed class TrackSet
{
    private readonly TrackSnapshot[] _tracks;
    private readonly TrajectoryPoint[] _trajectories;
    private readonly int[] _trajectoryCounts;
    private readonly HistoryPoint[] _history;
    private readonly int[] _historyCounts;
    private readonly int _horizons;
    private readonly int _historyLength;
    private int _count;

    public TrackSet(TrackerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int capacity = settings.MaxTracks;
        _horizons = settings.Horizons.Count;
        _historyLength = settings.HistoryLength;
        _tracks = new TrackSnapshot[capacity];
        _trajectories = new TrajectoryPoint[capacity * _horizons];
        _trajectoryCounts = new int[capacity];
        _history = new HistoryPoint[capacity * _historyLength];
        _historyCounts = new int[capacity];
    }

    /// <summary>The capture time of the frame tracked.</summary>
    public long CaptureNs { get; private set; }

    /// <summary>The tracker's totals as of this frame: tracks started and removed since it was made.</summary>
    public long TracksCreated { get; private set; }
    public long TracksRemoved { get; private set; }

    /// <summary>Every live track (tentative, confirmed, lost), in id order.</summary>
    public ReadOnlySpan<TrackSnapshot> Tracks => _tracks.AsSpan(0, _count);

    public int Count => _count;

    /// <summary>Predicted positions of track <paramref name="index"/> at the configured horizons (empty unless confirmed).</summary>
    public ReadOnlySpan<TrajectoryPoint> Trajectory(int index) => _trajectories.AsSpan(index * _horizons, _trajectoryCounts[index]);

    /// <summary>The last observed positions of track <paramref name="index"/>, oldest first.</summary>
    public ReadOnlySpan<HistoryPoint> History(int index) => _history.AsSpan(index * _historyLength, _historyCounts[index]);

    /// <summary>Copies <paramref name="frame"/>, the latest step of <paramref name="tracker"/> (whose settings sized this set).</summary>
    public void CopyFrom(ByteTracker tracker, in TrackerFrame frame)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        CaptureNs = frame.CaptureNs;
        TracksCreated = tracker.TracksCreated;
        TracksRemoved = tracker.TracksRemoved;
        ReadOnlySpan<TrackSnapshot> tracks = frame.Tracks;
        tracks.CopyTo(_tracks);
        _count = tracks.Length;
        for (int i = 0; i < tracks.Length; i++)
        {
            ReadOnlySpan<TrajectoryPoint> trajectory = frame.Trajectory(i);
            trajectory.CopyTo(_trajectories.AsSpan(i * _horizons, _horizons));
            _trajectoryCounts[i] = trajectory.Length;
            ReadOnlySpan<HistoryPoint> history = frame.History(i);
            history.CopyTo(_history.AsSpan(i * _historyLength, _historyLength));
            _historyCounts[i] = history.Length;
        }
    }

    /// <summary>No tracks (a frame the tracker did not see).</summary>
    public void Clear()
    {
        _count = 0;
        CaptureNs = 0;
    }
}
