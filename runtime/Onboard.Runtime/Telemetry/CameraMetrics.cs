using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Telemetry;

/// <summary>
/// Counters and latency recorders of one camera's pipeline: what <see cref="Health"/> reports. Totals
/// since start; recorders keep recent samples for windowed percentiles.
/// </summary>
/// <remarks>
/// Thread ownership, field by field (each single-writer field is written with a release store and read
/// with an acquire load by the health reporter on the publisher thread):
/// <list type="bullet">
/// <item>ingest thread: <c>_framesIn</c>, <c>_lastFrameNs</c>, <c>_state</c>, <c>_stalls</c>, <c>_reconnects</c>, <c>_sourceName</c>, <c>_sourceStats</c>,
/// the Ingest and Preprocess recorders;</item>
/// <item>infer thread: the Infer and Postprocess recorders;</item>
/// <item>publisher thread: <c>_published</c>, <c>_deadlineMisses</c>, the Publish and end-to-end recorders;</item>
/// <item>any stage thread: <c>_drops</c> (a frame can be dropped by several stages, so these use Interlocked).</item>
/// </list>
/// </remarks>
public sealed class CameraMetrics
{
    /// <summary><see cref="DropReason"/>'s member count (values 0..N−1, checked by a test), not its last member.</summary>
    public static readonly int DropReasonCount = Enum.GetValues<DropReason>().Length;
    private static readonly int s_stageCount = Enum.GetValues<Messaging.Contracts.Stage>().Length;
    private const int RecorderCapacity = 4096;

    /// <summary>The pipeline's stages in the order a frame passes them, as reports list them.</summary>
    public static IReadOnlyList<Messaging.Contracts.Stage> Stages { get; } =
        [Messaging.Contracts.Stage.Ingest, Messaging.Contracts.Stage.Preprocess, Messaging.Contracts.Stage.Infer, Messaging.Contracts.Stage.Postprocess, Messaging.Contracts.Stage.Track, Messaging.Contracts.Stage.Publish];

    private readonly long[] _drops = new long[DropReasonCount];
    private readonly LatencyRecorder[] _stages = new LatencyRecorder[s_stageCount];
    private long _framesIn;
    private long _lastFrameNs;
    private int _state = (int)CameraState.Starting;
    private long _stalls;
    private long _reconnects;
    private long _published;
    private long _deadlineMisses;
    private long _tracksAlive;
    private long _tracksCreated;
    private long _tracksRemoved;
    private long _tracksRefused;
    private long _trackListsDropped;
    private long _firstPreprocessNs;
    private volatile string _sourceName = "";
    private volatile FrameSourceStats? _sourceStats;

    public CameraMetrics(string cameraId)
    {
        CameraId = cameraId;
        for (int i = 0; i < _stages.Length; i++)
        {
            _stages[i] = new LatencyRecorder(RecorderCapacity);
        }
    }

    public string CameraId { get; }

    /// <summary>Frames the camera produced as far as this pipeline can tell: taken, plus gaps in the sequence.</summary>
    public long FramesIn => Volatile.Read(ref _framesIn);
    public long FramesPublished => Volatile.Read(ref _published);
    public long DeadlineMisses => Volatile.Read(ref _deadlineMisses);
    public long Stalls => Volatile.Read(ref _stalls);
    public long Reconnects => Volatile.Read(ref _reconnects);
    /// <summary>Monotonic ns of the last frame taken (0 before the first).</summary>
    public long LastFrameNs => Volatile.Read(ref _lastFrameNs);

    /// <summary>The current source's name; replaced by the ingest thread when it (re)opens the source.</summary>
    public string SourceName
    {
        get => _sourceName;
        set => _sourceName = value;
    }

    /// <summary>The current source's own counters (rejected bytes…); replaced with the source.</summary>
    public FrameSourceStats? SourceStats
    {
        get => _sourceStats;
        set => _sourceStats = value;
    }

    public CameraState State
    {
        get => (CameraState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    /// <summary>Capture → handed to ZeroMQ.</summary>
    public LatencyRecorder EndToEnd { get; } = new(RecorderCapacity);

    public LatencyRecorder Stage(Messaging.Contracts.Stage stage) => _stages[(int)stage];

    public long Drops(DropReason reason) => Volatile.Read(ref _drops[(int)reason]);

    public long TotalDrops
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _drops.Length; i++)
            {
                total += Volatile.Read(ref _drops[i]);
            }
            return total;
        }
    }

    /// <summary>Frames taken by the pipeline and not yet published or dropped (approximate while running).</summary>
    public long InFlight => FramesIn - FramesPublished - TotalDrops;

    /// <summary>Ingest thread: a frame was taken; <paramref name="missedBefore"/> frames were skipped before it.</summary>
    public void FrameArrived(long nowNs, long missedBefore)
    {
        Volatile.Write(ref _framesIn, _framesIn + 1 + missedBefore);
        Volatile.Write(ref _lastFrameNs, nowNs);
        if (missedBefore > 0)
        {
            Dropped(DropReason.SourceGap, missedBefore);
        }
    }

    public void Dropped(DropReason reason, long frames = 1) => Interlocked.Add(ref _drops[(int)reason], frames);

    /// <summary>Publisher thread: a frame went out; <paramref name="late"/> when after its deadline.</summary>
    public void FramePublished(bool late)
    {
        Volatile.Write(ref _published, _published + 1);
        if (late)
        {
            Volatile.Write(ref _deadlineMisses, _deadlineMisses + 1);
        }
    }

    /// <summary>The camera tracker after a frame (infer thread): live tracks, and its totals since start.</summary>
    public void Tracked(int alive, long created, long removed, long refused)
    {
        Volatile.Write(ref _tracksAlive, alive);
        Volatile.Write(ref _tracksCreated, created);
        Volatile.Write(ref _tracksRemoved, removed);
        Volatile.Write(ref _tracksRefused, refused);
    }

    /// <summary>A frame's <c>TrackList</c> that ZeroMQ could not queue (publish thread); its DetectionList went out.</summary>
    public void TrackListDropped() => Volatile.Write(ref _trackListsDropped, _trackListsDropped + 1);

    /// <summary>Ingest thread: a frame's preprocessing took <paramref name="ns"/>; the first one is kept (cold start).</summary>
    public void Preprocessed(long ns)
    {
        if (_firstPreprocessNs == 0)
        {
            Volatile.Write(ref _firstPreprocessNs, Math.Max(ns, 1));
        }
    }

    /// <summary>The first frame's preprocessing (ns; 0 before it): beside the stage's p50 it shows what cold start costs.</summary>
    public long FirstPreprocessNs => Volatile.Read(ref _firstPreprocessNs);

    public long TracksAlive => Volatile.Read(ref _tracksAlive);
    public long TracksCreated => Volatile.Read(ref _tracksCreated);
    public long TracksRemoved => Volatile.Read(ref _tracksRemoved);
    /// <summary>New tracks not started because the tracker was at its capacity.</summary>
    public long TracksRefused => Volatile.Read(ref _tracksRefused);
    public long TrackListsDropped => Volatile.Read(ref _trackListsDropped);

    public void Stalled() => Volatile.Write(ref _stalls, _stalls + 1);

    public void Reconnected() => Volatile.Write(ref _reconnects, _reconnects + 1);
}
