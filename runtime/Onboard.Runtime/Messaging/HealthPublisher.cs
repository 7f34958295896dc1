using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Telemetry;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Publishes one camera's <see cref="Health"/> as <c>[health][Health]</c>: rates and latency percentiles over
/// the window since the previous report, totals since start. Every protobuf object and the sorting scratch
/// are built once, so a report allocates nothing. Owned by the thread that owns the socket.
/// </summary>
internal sealed class HealthPublisher
{
    public const string Topic = Topics.Health;

    private static readonly byte[] s_topic = "health"u8.ToArray();

    private readonly IZmqSender _socket;
    private readonly CameraMetrics _metrics;
    private readonly IDetectionEngine _engine;
    private readonly List<IHealthContributor> _contributors;
    private readonly Health _message;
    private readonly StageLatency[] _stageMessages = new StageLatency[CameraMetrics.Stages.Count];
    private readonly long[] _stageCounts = new long[CameraMetrics.Stages.Count];
    private readonly DropCount[] _dropMessages = new DropCount[CameraMetrics.DropReasonCount - 1];
    private readonly long[] _scratch;
    private readonly long _startNs;
    private long _endToEndCount;
    private long _previousNs;
    private long _previousIn;
    private long _previousPublished;
    private long _previousCreated;
    private long _previousRemoved;

    /// <summary>One camera's reporter: the camera's counters from <paramref name="metrics"/>, the model's facts and counters from <paramref name="engine"/>.</summary>
    public HealthPublisher(IZmqSender socket, CameraMetrics metrics, IDetectionEngine engine, TimeSpan deadline, long startNs,
        List<IHealthContributor>? contributors = null)
    {
        _contributors = contributors ?? [];
        _socket = socket;
        _metrics = metrics;
        _engine = engine;
        EngineInfo info = engine.Info;
        ProviderSelection providers = info.Providers;
        _startNs = startNs;
        _previousNs = startNs;
        _scratch = new long[4096];
        _message = new Health
        {
            CameraId = metrics.CameraId,
            ModelId = info.ModelId,
            ModelVersion = info.ModelVersion,
            ExecutionProvider = providers.Chosen,
            DeadlineMs = deadline.TotalMilliseconds,
            EndToEnd = new StageLatency(),
            ShadowModelId = info.Shadow?.ModelId ?? "",
            ShadowModelVersion = info.Shadow?.ModelVersion ?? "",
            Kernels = info.Kernels,
            DeviceContext = DeviceContextPlan.Name(info.DeviceContext),
        };
        foreach (ProviderAttempt attempt in providers.Attempts)
        {
            var status = new ProviderStatus { Requested = attempt.Requested, OrtName = attempt.OrtName, Chosen = attempt.Chosen, Reason = attempt.Reason ?? "" };
            status.MissingLibraries.AddRange(attempt.MissingLibraries);
            _message.Providers.Add(status);
        }
        for (int i = 0; i < CameraMetrics.Stages.Count; i++)
        {
            _stageMessages[i] = new StageLatency { Stage = CameraMetrics.Stages[i] };
            _message.Stages.Add(_stageMessages[i]);
        }
        for (int i = 0; i < _dropMessages.Length; i++)
        {
            _dropMessages[i] = new DropCount { Reason = (DropReason)(i + 1) };
            _message.Drops.Add(_dropMessages[i]);
        }
    }

    /// <summary>The last report built (for logs and tests; overwritten by the next).</summary>
    public Health Last => _message;

    public long Published { get; private set; }

    /// <summary>Builds the report for the window ending at <paramref name="nowNs"/> and sends it without blocking.</summary>
    public bool Publish(long nowNs, long utcNs)
    {
        Fill(nowNs, utcNs);
        bool sent = _socket.TrySendProtobuf(s_topic, _message, dontWait: true) >= 0;
        if (sent)
        {
            Published++;
        }
        return sent;
    }

    private void Fill(long nowNs, long utcNs)
    {
        Health h = _message;
        h.TimeMonoNs = nowNs;
        h.TimeUtcNs = utcNs;
        h.State = _metrics.State;
        h.Source = _metrics.SourceName;
        double window = Math.Max(1e-9, (nowNs - _previousNs) / 1e9);
        long framesIn = _metrics.FramesIn;
        long published = _metrics.FramesPublished;
        h.WindowS = window;
        h.InputFps = (framesIn - _previousIn) / window;
        h.OutputFps = (published - _previousPublished) / window;
        _previousNs = nowNs;
        _previousIn = framesIn;
        _previousPublished = published;

        for (int i = 0; i < CameraMetrics.Stages.Count; i++)
        {
            LatencyRecorder recorder = _metrics.Stage(CameraMetrics.Stages[i]);
            long count = recorder.Count;
            Copy(recorder.Summarize(_stageCounts[i], _scratch), _stageMessages[i]);
            _stageCounts[i] = count;
        }
        long e2e = _metrics.EndToEnd.Count;
        Copy(_metrics.EndToEnd.Summarize(_endToEndCount, _scratch), h.EndToEnd);
        _endToEndCount = e2e;

        h.FramesIn = (ulong)framesIn;
        h.FramesPublished = (ulong)published;
        for (int i = 0; i < _dropMessages.Length; i++)
        {
            _dropMessages[i].Frames = (ulong)_metrics.Drops(_dropMessages[i].Reason);
        }
        h.DeadlineMisses = (ulong)_metrics.DeadlineMisses;
        h.Stalls = (ulong)_metrics.Stalls;
        h.Reconnects = (ulong)_metrics.Reconnects;
        long last = _metrics.LastFrameNs;
        h.SilentS = (nowNs - (last != 0 ? last : _startNs)) / 1e9;
        if (_metrics.SourceStats is { } source)
        {
            h.SourceRejected = (ulong)source.RejectedTotal;
            h.SourceLastRejection = source.LastRejection ?? "";
        }
        long created = _metrics.TracksCreated;
        long removed = _metrics.TracksRemoved;
        h.FirstFramePreprocessMs = _metrics.FirstPreprocessNs / 1e6;
        h.TracksAlive = (uint)_metrics.TracksAlive;
        h.TracksCreated = (ulong)(created - _previousCreated);
        h.TracksRemoved = (ulong)(removed - _previousRemoved);
        h.TracksRefused = (ulong)_metrics.TracksRefused;
        h.TrackListsDropped = (ulong)_metrics.TrackListsDropped;
        _previousCreated = created;
        _previousRemoved = removed;
        // Every engine-side field: the engine's snapshot writes them all.
        _engine.Stats.CopyTo(h);
        foreach (IHealthContributor contributor in _contributors)
        {
            contributor.Contribute(h);
        }
    }

    private static void Copy(LatencySummary summary, StageLatency message)
    {
        message.Samples = (uint)summary.Samples;
        message.P50Ms = summary.P50Ms;
        message.P90Ms = summary.P90Ms;
        message.P99Ms = summary.P99Ms;
        message.MaxMs = summary.MaxMs;
    }
}
