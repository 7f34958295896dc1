using System.Text.Json;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;
using Onboard.Runtime.Upload;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Messaging;

/// <summary>Health on the wire: decoded by an independent pyzmq + Python protobuf subscriber; built without allocating.</summary>
public sealed class HealthInteropTests
{
    [Fact]
    public void Publish_Health_PythonSubscriberDecodesEveryField()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        using var peer = new PythonSubscriber(pub.LastEndpoint, "health", 1);
        string? line = null;
        for (int i = 0; i < 1500 && line is null; i++)
        {
            // The subscription reaches us asynchronously, so publish until the peer has one. Each report's
            // latency window starts where the previous report's ended: a fresh publisher per attempt
            // makes every attempt carry the same full window.
            var health = new HealthPublisher(pub, Metrics(), EveryFieldEngine(), TimeSpan.FromMilliseconds(100), startNs: 0, [s_upload, new FixedTriggerHealthContributor()]);
            health.Publish(2_000_000_000, 1_790_000_000_000_000_000);
            line = peer.ReadLine(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(line is not null, "peer received nothing: " + peer.StandardError);
        JsonElement root = JsonDocument.Parse(line).RootElement;
        Assert.Equal("health", root.GetProperty("topic").GetString());
        var m = new CheckedFields(root.GetProperty("message"));
        Assert.Equal("cam-3", m.String("camera_id"));
        Assert.Equal("2000000000", m.String("time_mono_ns"));
        Assert.Equal("1790000000000000000", m.String("time_utc_ns"));
        Assert.Equal("CAMERA_STATE_RUNNING", m.String("state"));
        Assert.Equal("sim:cam-3", m.String("source"));
        Assert.Equal("synthetic-signs", m.String("model_id"));
        Assert.Equal("0.1.0", m.String("model_version"));
        Assert.Equal("CPUExecutionProvider", m.String("execution_provider"));
        Assert.Equal(2.0, m.Double("window_s"));
        Assert.Equal(6.0, m.Double("input_fps"));
        Assert.Equal(4.0, m.Double("output_fps"));
        JsonElement infer = m.Array("stages").Single(s => s.GetProperty("stage").GetString() == "STAGE_INFER");
        Assert.Equal(10u, infer.GetProperty("samples").GetUInt32());
        Assert.Equal(5.0, infer.GetProperty("p50_ms").GetDouble());
        Assert.Equal(9.0, infer.GetProperty("p90_ms").GetDouble());
        Assert.Equal(10.0, infer.GetProperty("p99_ms").GetDouble());
        Assert.Equal(10.0, infer.GetProperty("max_ms").GetDouble());
        Assert.Equal(6, m.Array("stages").Length);
        Assert.Equal(20.0, m.Object("end_to_end").GetProperty("p50_ms").GetDouble());
        Assert.Equal("12", m.String("frames_in"));
        Assert.Equal("8", m.String("frames_published"));
        var drops = m.Array("drops").ToDictionary(d => d.GetProperty("reason").GetString()!, d => d.GetProperty("frames").GetString());
        Assert.Equal(7, drops.Count);
        Assert.Equal("2", drops["DROP_REASON_SOURCE_GAP"]);
        Assert.Equal("2", drops["DROP_REASON_INFER_BUSY"]);
        Assert.Equal("1", m.String("deadline_misses"));
        Assert.Equal(100.0, m.Double("deadline_ms"));
        Assert.Equal("1", m.String("stalls"));
        Assert.Equal("2", m.String("reconnects"));
        Assert.Equal(0.9, m.Double("silent_s"), 9);
        Assert.Equal("1", m.String("source_rejected"));
        Assert.Equal("BadChecksum: slot 3", m.String("source_last_rejection"));
        Assert.Equal("shadow-signs", m.String("shadow_model_id"));
        Assert.Equal("9", m.String("shadow_model_version"));
        Assert.Equal("26", m.String("shadow_offered"));
        Assert.Equal("27", m.String("shadow_skipped"));
        Assert.Equal("28", m.String("shadow_completed"));
        Assert.Equal("29", m.String("shadow_preempted"));
        Assert.Equal("30", m.String("shadow_published"));
        Assert.Equal("31", m.String("shadow_dropped"));
        Assert.Equal(32.5, m.Double("cold_run_ms"));
        Assert.Equal(33.25, m.Double("first_frame_infer_ms"));
        JsonElement[] providers = m.Array("providers");
        Assert.Equal(["cuda", "cpu"], providers.Select(p => p.GetProperty("requested").GetString()));
        Assert.Equal("CUDAExecutionProvider", providers[0].GetProperty("ort_name").GetString());
        Assert.False(providers[0].GetProperty("chosen").GetBoolean());
        Assert.StartsWith("CUDAExecutionProvider ships with this build", providers[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["libcublasLt.so.13", "libcuda.so.1"], providers[0].GetProperty("missing_libraries").EnumerateArray().Select(l => l.GetString()));
        Assert.True(providers[1].GetProperty("chosen").GetBoolean());
        Assert.Equal("35", m.String("decode_non_finite"));
        Assert.Equal("36", m.String("decode_degenerate"));
        Assert.Equal("37", m.String("decode_invalid_index"));
        Assert.Equal(38, m.Double("tracks_alive"));
        Assert.Equal("39", m.String("tracks_created"));
        Assert.Equal("40", m.String("tracks_removed"));
        Assert.Equal("41", m.String("tracks_refused"));
        Assert.Equal("2", m.String("track_lists_dropped"));
        Assert.Equal(4.3, m.Double("first_frame_preprocess_ms"));
        Assert.Equal("cuda", m.String("kernels"));
        Assert.Equal("peer-copy", m.String("device_context"));
        Assert.Equal("72", m.String("device_cap_hits"));
        JsonElement upload = m.Object("upload");
        Assert.True(upload.GetProperty("allowed").GetBoolean());
        Assert.Equal(2, upload.GetProperty("queued_clips").GetInt32());
        Assert.Equal("3", upload.GetProperty("queued_bytes").GetString());
        Assert.Equal(4, upload.GetProperty("uploading_clips").GetInt32());
        Assert.Equal(5, upload.GetProperty("started_clips").GetInt32());
        Assert.Equal("6", upload.GetProperty("confirmed_bytes").GetString());
        Assert.Equal("7", upload.GetProperty("uploaded_clips").GetString());
        Assert.Equal("8", upload.GetProperty("uploaded_bytes").GetString());
        Assert.Equal("9", upload.GetProperty("retries").GetString());
        Assert.Equal("10", upload.GetProperty("recreated").GetString());
        Assert.Equal("11", upload.GetProperty("evicted_clips").GetString());
        Assert.Equal(1, upload.GetProperty("refused_clips").GetInt32());
        Assert.Equal(["server-5xx=13", "timeout=14"], upload.GetProperty("failures").EnumerateArray()
            .Select(f => $"{f.GetProperty("reason").GetString()}={f.GetProperty("count").GetString()}"));
        Assert.Equal(14.5, upload.GetProperty("bytes_per_second").GetDouble());
        Assert.Equal(UploadHealth.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name).Order(StringComparer.Ordinal),
            upload.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        JsonElement trigger = Assert.Single(m.Array("triggers"));
        Assert.Equal(["disagree", "shadowDisagreement", "44", "45", "46", "47"], new[] { "trigger_id", "kind", "fired", "suppressed_cooldown", "suppressed_budget", "clips_written" }
            .Select(f => trigger.GetProperty(f).GetString()));
        JsonElement clips = m.Object("clips");
        Assert.Equal(ClipRecorderHealth.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name).Order(StringComparer.Ordinal),
            clips.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("10", clips.GetProperty("clips_evicted").GetString());
        Assert.Equal(11, clips.GetProperty("temp_files_removed").GetInt32());

        // Every field of the contract was decoded and checked above: a new field fails here until it is.
        Assert.Equal(Health.Descriptor.Fields.InFieldNumberOrder().Select(f => f.Name).Order(StringComparer.Ordinal), m.Checked.Order(StringComparer.Ordinal));
    }

    /// <summary>Every upload field with a distinct value (its field number, where it is a count), through the run's own mapping.</summary>
    private static readonly FixedHealthContributor s_upload = new(UploadHealthReporter.Snapshot(new UploadStatus
    {
        Allowed = true, QueuedClips = 2, QueuedBytes = 3, InFlightClips = 4, StartedClips = 5, ConfirmedBytes = 6, UploadedClips = 7, UploadedBytes = 8,
        Retries = 9, Recreated = 10, EvictedClips = 11, Refused = ["clip-x: 413"],
        FailuresByReason = new Dictionary<string, long> { ["timeout"] = 14, ["server-5xx"] = 13 }, BytesPerSecond = 14.5,
    }));

    /// <summary>An engine whose every Health-side fact and counter has a distinct value (its field number, where it is a count).</summary>
    private static ScriptedEngine EveryFieldEngine()
    {
        var scripted = new ScriptedEngine();
        return new ScriptedEngine
        {
            Info = scripted.Info with
            {
                ModelId = "synthetic-signs",
                ModelVersion = "0.1.0",
                Providers = s_cudaSkipped,
                Shadow = scripted.Info with { ModelId = "shadow-signs", ModelVersion = "9" },
                Kernels = "cuda",
                DeviceContext = DeviceContextMode.PeerCopy,
            },
            Stats = new EngineStats
            {
                ColdRun = TimeSpan.FromMilliseconds(32.5),
                FirstFrameInfer = TimeSpan.FromMilliseconds(33.25),
                ShadowOffered = 26, ShadowSkipped = 27, ShadowCompleted = 28, ShadowPreempted = 29, ShadowPublished = 30, ShadowDropped = 31,
                DecodeNonFinite = 35, DecodeDegenerate = 36, DecodeInvalidIndex = 37,
                DeviceCapHits = 72,
            },
        };
    }

    private static readonly ProviderSelection s_cudaSkipped = new("CPUExecutionProvider",
    [
        new ProviderAttempt("cuda", "CUDAExecutionProvider", "CUDAExecutionProvider ships with this build (libonnxruntime_providers_cuda.so) but cannot load here: …",
            ["libcublasLt.so.13", "libcuda.so.1"]),
        new ProviderAttempt("cpu", "CPUExecutionProvider", null),
    ]);

    [Fact]
    public void Publish_SteadyState_AllocatesNothing()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("inproc://health-alloc");
        CameraMetrics metrics = Metrics();
        var health = new HealthPublisher(pub, metrics, Engine("m", "1", new ProviderSelection("CPUExecutionProvider", [])), TimeSpan.FromMilliseconds(100), startNs: 0, [s_upload]);
        for (int i = 0; i < 4; i++)
        {
            health.Publish(1_000_000_000L * (i + 1), 0);
        }

        long second = 10;
        long allocated = Allocations.InSteadyState(() =>
        {
            metrics.Stage(Stage.Infer).Record(4_000_000 + second);
            health.Publish(1_000_000_000L * second++, 0);
        }, warmup: 2, calls: 50);

        Assert.Equal(0, allocated);
        Assert.Equal(second - 10 + 4, health.Published);
    }

    private static ScriptedEngine Engine(string id, string version, ProviderSelection providers)
    {
        var scripted = new ScriptedEngine();
        return new ScriptedEngine { Info = scripted.Info with { ModelId = id, ModelVersion = version, Providers = providers } };
    }

    /// <summary>12 frames in (2 of them a gap), 8 published (1 late), 2 evicted; infer 1..10 ms.</summary>
    private static CameraMetrics Metrics()
    {
        var source = new FrameSourceStats(MonotonicClock.System);
        source.Reject(FrameRejectReason.BadChecksum, "slot 3");
        var metrics = new CameraMetrics("cam-3") { State = CameraState.Running, SourceName = "sim:cam-3", SourceStats = source };
        metrics.Stalled();
        metrics.Reconnected();
        metrics.Reconnected();
        for (int i = 0; i < 9; i++)
        {
            metrics.FrameArrived(1_000_000_000 + i, 0);
        }
        metrics.FrameArrived(1_100_000_000, missedBefore: 2);
        metrics.Dropped(DropReason.InferBusy, 2);
        metrics.Tracked(alive: 38, created: 39, removed: 40, refused: 41);
        metrics.TrackListDropped();
        metrics.TrackListDropped();
        metrics.Preprocessed(4_300_000);
        metrics.Preprocessed(9_000_000);   // only the first frame's is kept
        for (int i = 1; i <= 10; i++)
        {
            metrics.Stage(Stage.Infer).Record(i * 1_000_000L);
        }
        for (int i = 0; i < 8; i++)
        {
            metrics.FramePublished(late: i == 0);
            metrics.EndToEnd.Record(20_000_000);
        }
        return metrics;
    }
}
