using System.Text;
using Onboard.Hil.Scenes;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Inference;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Triggers;
using Onboard.Runtime.Upload.Spool;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Pipeline;

/// <summary>
/// A camera pipeline whose engine feeds a shadow model (the synthetic sign detector on ONNX Runtime, a second
/// session): its results reach the wire on <c>shadow/&lt;camera&gt;</c> only, from the frame the primary ran.
/// </summary>
public sealed class CameraShadowTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1, WarmupRuns = 1 };
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public CameraShadowTests()
    {
        _model = TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build(320));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_ShadowOfTheSameModel_PublishesEachFramesDetectionsOnTheShadowTopicOnly()
    {
        const int frames = 12;
        Scene[] scenes = BatchedSessionTests.Scenes(3, seed: 51);
        var source = new ScriptedFrameSource("front");
        (CameraPipelineOptions options, DetectorEngine engine, CameraShadow shadow) = Camera();
        using var h = new PipelineHarness(options, engine, () => source);
        var primary = new Dictionary<ulong, DetectionList>();
        var shadows = new Dictionary<ulong, DetectionList>();

        // One frame at a time, each waited for on both topics: the shadow runs every frame to completion, so the
        // comparison below covers all of them (a frame that came sooner would preempt it, which is allowed).
        for (int k = 0; k < frames; k++)
        {
            source.AddScene(scenes[k % scenes.Length], (ulong)k, h.Clock.NowNs);
            while (!primary.ContainsKey((ulong)k) || !shadows.ContainsKey((ulong)k))
            {
                Assert.True(h.Sender!.Messages.TryTake(out IReadOnlyList<byte[]>? message, s_wait), $"frame {k}: nothing published within 30 s");
                string topic = Encoding.UTF8.GetString(message[0]);
                if (topic is "health" or "tracks/front")
                {
                    continue;
                }
                DetectionList list = DetectionList.Parser.ParseFrom(message[1]);
                Assert.True(topic is "detections/front" or "shadow/front", topic);
                (topic == "shadow/front" ? shadows : primary).Add(list.Header.Sequence, list);
            }
        }
        h.Stop();

        Assert.All(primary.Values, l => Assert.Equal(("signs", "1"), (l.Header.ModelId, l.Header.ModelVersion)));
        Assert.All(shadows.Values, l => Assert.Equal(("shadow-signs", "9"), (l.Header.ModelId, l.Header.ModelVersion)));
        // The same model on the tensor of the frame the primary ran, mapped back with that frame's geometry: the same
        // detections. Consecutive frames are different scenes, so a tensor from the wrong slot would show.
        foreach ((ulong sequence, DetectionList s) in shadows)
        {
            DetectionList p = primary[sequence];
            Assert.NotEmpty(s.Detections);
            Assert.Equal(p.Detections, s.Detections);
            Assert.Equal((1280u, 720u), (s.ImageWidth, s.ImageHeight));
        }
        Assert.Equal((long)frames, shadow.Offered);
        Assert.Equal((0L, 0L, (long)frames), (shadow.Skipped, shadow.Preempted, shadow.Completed));
        Assert.Equal(((long)frames, 0L), (shadow.Results.Published, shadow.Results.Dropped));
    }

    [Fact]
    public void Run_WithAShadowSteadyState_StagesAllocateNothingPerFrame() => SteadyStateAllocations(triggers: false);

    /// <summary>
    /// The same with a rule of every trigger kind evaluated on the publish thread and the clip recorder tapping the
    /// ingest thread (issue 12): still 0 B per frame on every pipeline thread.
    /// </summary>
    [Fact]
    public void Run_WithTriggersAndTheClipRecorder_StagesAllocateNothingPerFrame() => SteadyStateAllocations(triggers: true);

    private void SteadyStateAllocations(bool triggers)
    {
        // A real PUB socket: the recording sender copies every message it is given.
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("inproc://shadow-alloc-test");
        // Warm-up, then three windows: a per-frame allocation shows in every window, a runtime one-off (a method
        // tiered up mid-run, its first call resolving generic lookups) in one at most.
        const int window = CameraPipeline.WarmupFrames;
        const int frames = 4 * window;
        Scene[] scenes = BatchedSessionTests.Scenes(3, seed: 52);
        var source = new ScriptedFrameSource("front");
        (CameraPipelineOptions options, DetectorEngine engine, CameraShadow shadow) = Camera();
        CameraRecorder? recorder = null;
        CameraTriggers? evaluated = null;
        using var h = new PipelineHarness(options, engine, () => source, sender: pub, configure: triggers ? (publisher, camera) =>
        {
            EngineInfo info = camera.Engine.Info;
            var rules = new CameraTriggers(camera.CameraId, QuietHere(), info.ClassNames, info.MaxDetections, camera.Tracking!.MaxTracks);
            recorder = new CameraRecorder(new RecorderOptions { CameraId = "front", PreBufferBytes = 1 << 24, Primary = info, Shadow = info.Shadow, MaxTracks = camera.Tracking.MaxTracks },
                rules, PlainClipStore.Open(_dir.File("spool"), new SpoolQuota(1 << 30)), new ClipSource("", "", "", []), _ => { });
            camera.Tap = recorder;
            evaluated = rules;
            publisher.AddStage(camera, socket => new TriggerStage(socket, rules, recorder, info));
            recorder.Start();
        } : null);
        List<long> ingest = [], infer = [], publish = [];

        for (int k = 0; k < frames; k++)
        {
            source.AddScene(scenes[k % scenes.Length], (ulong)k, h.Clock.NowNs);
            long done = k + 1;
            Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.FramesPublished == done && shadow.Results.Published == done, s_wait), $"frame {k}");
            if (done % window == 0)
            {
                ingest.Add(h.Camera.IngestAllocatedBytes);
                infer.Add(h.Camera.InferAllocatedBytes);
                publish.Add(h.Publisher.AllocatedBytes);
            }
        }
        h.Stop();
        recorder?.Dispose();

        Assert.Equal((long)frames, shadow.Completed);
        Assert.True(!triggers || recorder!.Counters.FramesEncoded > 0, "the recorder encoded nothing: the test proves nothing");
        // Nothing fired (a firing allocates its event, by design): this is the steady state of evaluation.
        Assert.Equal("", evaluated is null ? "" : string.Concat(Enumerable.Range(0, evaluated.RuleCount)
            .Where(i => evaluated.CountersAt(i).Fired > 0).Select(i => $"{evaluated.RuleAt(i).Id}={evaluated.CountersAt(i).Fired} ")));
        Assert.Equal((0L, 0L, 0L), (Allocations.LeastWindow(ingest), Allocations.LeastWindow(infer), Allocations.LeastWindow(publish)));
    }

    /// <summary>
    /// Every kind that stays quiet on these scenes (three scenes in turn, so every track flickers and is new: trackFlicker
    /// and lateDetection fire, by design; their 0 B per frame is <c>TriggerCleanSceneTests</c>'), latencySpike above any
    /// infer time here.
    /// </summary>
    private static TriggerConfig[] QuietHere() =>
    [
        .. Onboard.Tests.Triggers.TriggerCleanSceneTests.EveryKind().Where(r => r.Kind is not (TriggerKind.TrackFlicker or TriggerKind.LateDetection or TriggerKind.LatencySpike)),
        Onboard.Tests.Triggers.TriggerScene.Rule(TriggerKind.LatencySpike) with { Ms = 10_000 },
    ];

    /// <summary>A camera on the signs model whose engine feeds a second session of the same model as its shadow; queues deep enough to drop nothing.</summary>
    private (CameraPipelineOptions, DetectorEngine, CameraShadow) Camera()
    {
        var shadow = new CameraShadow(DetectorSession.Open(_model, ShadowDetector.SessionOptions(s_cpu)), "front", "shadow-signs", "9",
            SyntheticSignCatalog.ClassNames, settings: null, publishSignal: null);
        var engine = new DetectorEngine(DetectorSession.Open(_model, s_cpu), shadow: shadow,
            identity: new ModelIdentity("signs", "1") { ClassNames = SyntheticSignCatalog.ClassNames });
        var options = new CameraPipelineOptions { CameraId = "front", InferQueue = 4, PublishQueue = 4, Deadline = TimeSpan.Zero };
        return (options, engine, shadow);
    }

    [Fact]
    public void DetectorEngine_RawFramePrimary_RefusesAShadowItCannotFeed()
    {
        using var shadow = new CameraShadow(DetectorSession.Open(_model, ShadowDetector.SessionOptions(s_cpu)), "front", "shadow-signs", "",
            SyntheticSignCatalog.ClassNames, settings: null, publishSignal: null);
        using var composed = DetectorSession.Open(TestModels.WriteComposedSigns(_dir, 320), s_cpu);

        var e = Assert.Throws<ArgumentException>(() => new DetectorEngine(composed, shadow: shadow));

        Assert.Contains("(raw uint8 frames) cannot feed a shadow", e.Message, StringComparison.Ordinal);
    }
}
