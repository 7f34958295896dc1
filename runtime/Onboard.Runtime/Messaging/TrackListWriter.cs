using Onboard.Kernels.Tracking;
using Onboard.Runtime.Messaging.Contracts;
using KernelGroundPoint = Onboard.Kernels.Tracking.GroundPoint;
using KernelHistoryPoint = Onboard.Kernels.Tracking.HistoryPoint;
using KernelTrackState = Onboard.Kernels.Tracking.TrackState;
using KernelTrajectoryPoint = Onboard.Kernels.Tracking.TrajectoryPoint;
using ProtoGroundPoint = Onboard.Runtime.Messaging.Contracts.GroundPoint;
using ProtoHistoryPoint = Onboard.Runtime.Messaging.Contracts.HistoryPoint;
using ProtoTrackState = Onboard.Runtime.Messaging.Contracts.TrackState;
using ProtoTrajectoryPoint = Onboard.Runtime.Messaging.Contracts.TrajectoryPoint;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Fills a reusable <see cref="TrackList"/> (all but its header, which the publisher stamps as for detections) from
/// a <see cref="TrackSet"/> (one tracked frame, copied out of the tracker). Every protobuf object is taken from pools that belong to one track position, built
/// up front for the tracker's capacity, so once each repeated field has reached its size a frame allocates nothing;
/// the message can then be serialised straight into the ZeroMQ frame. Owned by one thread.
/// </summary>
internal sealed class TrackListWriter
{
    private readonly IReadOnlyList<string> _classNames;
    private readonly Track[] _tracks;
    private readonly ProtoTrajectoryPoint[] _points;
    private readonly ProtoGroundPoint[] _pointGrounds;
    private readonly GroundState[] _grounds;
    private readonly ProtoHistoryPoint[] _history;
    private readonly int _horizons;
    private readonly int _historyLength;

    /// <param name="classNames">Class names by class id.</param>
    /// <param name="settings">The camera tracker's settings: capacity, horizons and history length size the pools.</param>
    public TrackListWriter(IReadOnlyList<string> classNames, TrackerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _classNames = classNames;
        int capacity = settings.MaxTracks;
        _horizons = settings.Horizons.Count;
        _historyLength = settings.HistoryLength;
        _tracks = New<Track>(capacity);
        _points = New<ProtoTrajectoryPoint>(capacity * _horizons);
        _pointGrounds = New<ProtoGroundPoint>(settings.Ground is null ? 0 : capacity * _horizons);
        _grounds = New<GroundState>(settings.Ground is null ? 0 : capacity);
        _history = New<ProtoHistoryPoint>(capacity * _historyLength);
        for (int i = 0; i < capacity; i++)
        {
            _tracks[i].Trajectory.Capacity = _horizons;
            _tracks[i].History.Capacity = _historyLength;
        }
    }

    /// <summary>
    /// Writes the frame's tracks into <paramref name="message"/>: the confirmed ones, or with
    /// <paramref name="includeAll"/> the tentative and lost ones too.
    /// </summary>
    public void Fill(TrackList message, TrackSet frame, bool includeAll = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(frame);
        message.Tracks.Clear();
        message.TracksCreated = (ulong)frame.TracksCreated;
        message.TracksRemoved = (ulong)frame.TracksRemoved;
        ReadOnlySpan<TrackSnapshot> tracks = frame.Tracks;
        for (int i = 0; i < tracks.Length; i++)
        {
            ref readonly TrackSnapshot t = ref tracks[i];
            if (!includeAll && t.State != KernelTrackState.Confirmed)
            {
                continue;
            }
            Track p = _tracks[i];
            p.Id = t.Id;
            p.ClassId = t.ClassId;
            p.ClassName = (uint)t.ClassId < (uint)_classNames.Count ? _classNames[t.ClassId] : "";
            p.Score = t.Score;
            p.X1 = t.Box.X1;
            p.Y1 = t.Box.Y1;
            p.X2 = t.Box.X2;
            p.Y2 = t.Box.Y2;
            p.State = (ProtoTrackState)(int)t.State;
            p.AgeS = (float)t.AgeSeconds;
            p.Hits = (uint)t.Hits;
            p.TimeSinceUpdateS = (float)t.TimeSinceUpdateSeconds;
            p.Vx = t.VelocityX;
            p.Vy = t.VelocityY;
            p.ClassFlips = (uint)t.ClassFlips;
            p.Ground = _grounds.Length > 0 && t.Ground.Valid ? Ground(_grounds[i], t) : null;
            FillTrajectory(p, i, frame.Trajectory(i));
            FillHistory(p, i, frame.History(i), frame.CaptureNs);
            message.Tracks.Add(p);
        }
    }

    private void FillTrajectory(Track p, int i, ReadOnlySpan<KernelTrajectoryPoint> trajectory)
    {
        p.Trajectory.Clear();
        for (int k = 0; k < trajectory.Length; k++)
        {
            ref readonly KernelTrajectoryPoint src = ref trajectory[k];
            ProtoTrajectoryPoint q = _points[i * _horizons + k];
            q.T = src.Seconds;
            q.X = src.X;
            q.Y = src.Y;
            q.CovXx = src.Sxx;
            q.CovXy = src.Sxy;
            q.CovYy = src.Syy;
            q.Ground = _pointGrounds.Length > 0 && src.Ground.Valid ? Point(_pointGrounds[i * _horizons + k], src.Ground) : null;
            p.Trajectory.Add(q);
        }
    }

    private void FillHistory(Track p, int i, ReadOnlySpan<KernelHistoryPoint> history, long captureNs)
    {
        p.History.Clear();
        for (int k = 0; k < history.Length; k++)
        {
            ProtoHistoryPoint h = _history[i * _historyLength + k];
            h.T = (float)((history[k].CaptureNs - captureNs) * 1e-9);
            h.X = history[k].X;
            h.Y = history[k].Y;
            p.History.Add(h);
        }
    }

    private static GroundState Ground(GroundState g, in TrackSnapshot t)
    {
        g.X = t.Ground.X;
        g.Y = t.Ground.Y;
        g.Vx = t.GroundVelocityX;
        g.Vy = t.GroundVelocityY;
        g.CovXx = t.Ground.Sxx;
        g.CovXy = t.Ground.Sxy;
        g.CovYy = t.Ground.Syy;
        return g;
    }

    private static ProtoGroundPoint Point(ProtoGroundPoint g, in KernelGroundPoint src)
    {
        g.X = src.X;
        g.Y = src.Y;
        g.CovXx = src.Sxx;
        g.CovXy = src.Sxy;
        g.CovYy = src.Syy;
        return g;
    }

    private static T[] New<T>(int count)
        where T : new()
    {
        var items = new T[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = new T();
        }
        return items;
    }
}
