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
public sealed class HealthPublisher
{
    public const string Topic = "health";

    private static readonly byte[] s_topic = "health"u8.ToArray();

    private readonly IZmqSender _socket;
    private readonly CameraMetrics _metrics;
    private readonly IDetectionEngine? _engine;
    private readonly CameraShadow? _shadow;
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

    /// <summary>One camera's reporter; <paramref name="engine"/>, when given, adds its session start-up times and its shadow's counters.</summary>
    public HealthPublisher(IZmqSender socket, CameraMetrics metrics, string modelId, string modelVersion,
        string executionProvider, TimeSpan deadline, long startNs, IDetectionEngine? engine = null)
    {
        _socket = socket;
        _metrics = metrics;
        _engine = engine;
        CameraShadow? shadow = _shadow = engine?.Shadow;
        _startNs = startNs;
        _previousNs = startNs;
        _scratch = new long[4096];
        _message = new Health
        {
            CameraId = metrics.CameraId,
            ModelId = modelId,
            ModelVersion = modelVersion,
            ExecutionProvider = executionProvider,
            DeadlineMs = deadline.TotalMilliseconds,
            EndToEnd = new StageLatency(),
            ShadowModelId = shadow?.ModelId ?? "",
            ShadowModelVersion = shadow?.ModelVersion ?? "",
        };
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
        if (_engine is not null)
        {
            h.ColdRunMs = _engine.ColdRunTime.TotalMilliseconds;
            h.FirstFrameInferMs = _engine.FirstFrameTime.TotalMilliseconds;
        }
        if (_shadow is { } shadow)
        {
            // Outcomes before offers, publishing before completions: a report never shows more outcomes than offers.
            h.ShadowPublished = (ulong)shadow.Results.Published;
            h.ShadowDropped = (ulong)shadow.Results.Dropped;
            h.ShadowCompleted = (ulong)shadow.Completed;
            h.ShadowPreempted = (ulong)shadow.Preempted;
            h.ShadowSkipped = (ulong)shadow.Skipped;
            h.ShadowOffered = (ulong)shadow.Offered;
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
