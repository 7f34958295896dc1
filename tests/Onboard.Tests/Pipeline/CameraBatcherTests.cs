using Onboard.Hil.Evaluation;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Models.Graph;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Tests.Inference;
using Onboard.Tests.Infrastructure;
using Detection = Onboard.Kernels.Postprocess.Detection;

namespace Onboard.Tests.Pipeline;

/// <summary>
/// Cameras sharing one batched session (the synthetic sign detector with a dynamic batch axis, on ONNX Runtime):
/// each camera's own detections, partial batches when a camera stalls, no allocation in steady state.
/// </summary>
public sealed class CameraBatcherTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], IntraOpThreads = 1 };
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public CameraBatcherTests()
    {
        _model = TestModels.Write(_dir, "signs-dynamic.onnx", SyntheticSignDetector.Build(320, BatchAxis.Dynamic));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_TwoCamerasOnOneBatchedSession_EachPublishesExactlyItsOwnScenesSignsAsIfRunAlone()
    {
        const int frames = 6;
        Scene[][] scenes = [BatchedSessionTests.Scenes(frames, seed: 41), BatchedSessionTests.Scenes(frames, seed: 42)];
        var sources = new[] { new ScriptedFrameSource("left"), new ScriptedFrameSource("right") };
        // A timeout no batch reaches: every batch waits for both cameras, so frame k of each runs together.
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.FromSeconds(60), MonotonicClock.System);
        using var h = new PipelineHarness([Camera("left", batcher, sources[0], frames), Camera("right", batcher, sources[1], frames)]);

        for (int k = 0; k < frames; k++)
        {
            sources[0].AddScene(scenes[0][k], (ulong)k, h.Clock.NowNs);
            sources[1].AddScene(scenes[1][k], (ulong)k, h.Clock.NowNs);
        }
        var published = new Dictionary<(string, ulong), DetectionList>();
        for (int i = 0; i < 2 * frames; i++)
        {
            DetectionList list = h.NextDetections();
            published.Add((list.Header.CameraId, list.Header.Sequence), list);
        }
        h.Stop();

        using var single = DetectorSession.Open(_model, s_cpu);
        var alone = new FrameDetector(single);
        var expected = new Detection[300];
        for (int c = 0; c < 2; c++)
        {
            string id = c == 0 ? "left" : "right";
            for (int k = 0; k < frames; k++)
            {
                Detection[] actual = FromWire(published[(id, (ulong)k)]);
                MatchResult m = DetectionMatcher.Match(actual, scenes[c][k].Truths);
                Assert.True(scenes[c][k].Truths.Count > 0);
                // Every sign of this camera's scene is found (the other camera's scene has none of them in place)…
                Assert.Equal((scenes[c][k].Truths.Count, 0), (m.TruePositives, m.FalseNegatives));
                // …and nothing else changes: the frame's detections are the ones it gets run alone.
                int n = alone.Detect(BatchedSessionTests.View(scenes[c][k]), expected);
                BatchedSessionTests.AssertSameDetections(expected.AsSpan(0, n), actual);
            }
        }
        for (int k = 0; k < frames; k++)
        {
            // One run for both frames: the same infer stamp; each keeps its own capture time and deadline.
            FrameHeader left = published[("left", (ulong)k)].Header;
            FrameHeader right = published[("right", (ulong)k)].Header;
            Assert.Equal(InferStamp(left), InferStamp(right));
            Assert.True(InferStamp(left).Start >= Math.Max(left.CaptureMonoNs, right.CaptureMonoNs));
        }
        Assert.Equal((frames, frames, 0L, 2L * frames), (batcher.Batches, batcher.FullBatches, batcher.TimedOutBatches, batcher.Images));
        Assert.All(h.Cameras, camera => Assert.Equal((frames, 0L), (camera.Metrics.FramesPublished, camera.Metrics.TotalDrops)));
    }

    [Fact]
    public void Run_OneCameraStalled_TheOtherRunsAloneAfterOneTimeoutThenWithoutWaiting()
    {
        var time = new ManualTimeProvider();
        var clock = new MonotonicClock(time);
        var front = new ScriptedFrameSource("front");
        var rear = new ScriptedFrameSource("rear");
        Scene[] scenes = BatchedSessionTests.Scenes(2, seed: 43);
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.FromMilliseconds(40), clock);
        using var h = new PipelineHarness([Camera("front", batcher, front, 4), Camera("rear", batcher, rear, 4)], time);

        // The rear camera sends nothing: front's first frame waits for it until the clock passes the timeout.
        front.AddScene(scenes[0], 0, h.Clock.NowNs);
        Assert.True(SpinWait.SpinUntil(() => batcher.GatheringImages == 1, s_wait), "front's frame never joined a batch");
        time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal(0UL, h.NextDetections().Header.Sequence);
        // Rear is now known to be away: front's next frames run at once, with the clock standing still.
        for (ulong k = 1; k <= 3; k++)
        {
            front.AddScene(scenes[(int)k % 2], k, h.Clock.NowNs);
            DetectionList list = h.NextDetections();
            Assert.Equal(("front", k), (list.Header.CameraId, list.Header.Sequence));
        }
        Assert.Equal((4L, 0L, 1L), (batcher.Batches, batcher.FullBatches, batcher.TimedOutBatches));

        // Rear comes back: its frame waits for front's next one, and the two run as one full batch.
        rear.AddScene(scenes[1], 0, h.Clock.NowNs);
        Assert.True(SpinWait.SpinUntil(() => batcher.GatheringImages == 1, s_wait), "rear's frame never joined a batch");
        front.AddScene(scenes[0], 4, h.Clock.NowNs);
        var cameras = new HashSet<string> { h.NextDetections().Header.CameraId, h.NextDetections().Header.CameraId };
        h.Stop();

        Assert.Equal(["front", "rear"], cameras.Order());
        Assert.Equal((5L, 1L, 1L, 6L), (batcher.Batches, batcher.FullBatches, batcher.TimedOutBatches, batcher.Images));
        Assert.Equal((5L, 1L), (h.Cameras[0].Metrics.FramesPublished, h.Cameras[1].Metrics.FramesPublished));
    }

    [Fact]
    public void Run_TwoBatchedCamerasSteadyState_AllocateNothingOutsideOnnxRuntime()
    {
        const int frames = 3 * CameraPipeline.WarmupFrames;
        Scene[] scenes = BatchedSessionTests.Scenes(2, seed: 44);
        var sources = new[] { new ScriptedFrameSource("a"), new ScriptedFrameSource("b") };
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.FromSeconds(60), MonotonicClock.System);
        using var h = new PipelineHarness([Camera("a", batcher, sources[0], frames), Camera("b", batcher, sources[1], frames)]);

        for (int k = 0; k < frames; k++)
        {
            sources[0].AddScene(scenes[k % 2], (ulong)k, h.Clock.NowNs);
            sources[1].AddScene(scenes[(k + 1) % 2], (ulong)k, h.Clock.NowNs);
        }
        for (int i = 0; i < 2 * frames; i++)
        {
            h.NextDetections();
        }
        h.Stop();

        Assert.Equal(2L * frames, batcher.Images);
        Assert.Equal(0, batcher.AllocatedBytes);
        Assert.All(h.Cameras, camera => Assert.Equal((0L, 0L), (camera.IngestAllocatedBytes, camera.InferAllocatedBytes)));
    }

    [Fact]
    public void Infer_OtherCameraLeft_EachFrameRunsAtOnceAndAllocatesNothing()
    {
        var time = new ManualTimeProvider();
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.FromSeconds(60), new MonotonicClock(time));
        BatchedCameraEngine engine = batcher.CreateEngine("front");
        batcher.CreateEngine("rear").Dispose();
        EngineInput input = engine.CreateInput();
        Scene scene = BatchedSessionTests.Scenes(1, seed: 45)[0];
        ImageTransform transform = engine.Preprocess(BatchedSessionTests.View(scene), input);
        var results = new Detection[300];
        int found = 0;

        // The clock never moves: a batch that waited for the departed camera would never run.
        long bytes = Allocations.InSteadyState(() =>
        {
            engine.Infer(input);
            found = engine.Postprocess(input, transform, results);
        }, warmup: 10, calls: 20);

        Assert.Equal(0, bytes);
        Assert.Equal(scene.Truths.Count, found);
        Assert.Equal(0, batcher.TimedOutBatches);
        Assert.Equal(batcher.Batches, batcher.Images);
        Assert.True(input.RunEndNs >= input.RunStartNs && input.RunStartNs > 0);
        engine.Dispose();
    }

    [Fact]
    public void Infer_RunFails_TheCameraGetsTheErrorAndLaterBatchesStillGatherAndRun()
    {
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.Zero, MonotonicClock.System);
        BatchedCameraEngine engine = batcher.CreateEngine("front");
        batcher.CreateEngine("rear").Dispose();
        EngineInput input = engine.CreateInput();
        // ORT's terminate flag makes every run fail from here on.
        batcher.Session.Terminate();

        // More failures than there are slots: a failed run must release its slot, or the third would wait forever.
        for (int i = 0; i < 3; i++)
        {
            var e = Assert.Throws<InvalidOperationException>(() => engine.Infer(input));
            Assert.StartsWith("the batched inference run failed: ", e.Message, StringComparison.Ordinal);
        }
        Assert.Equal(3, batcher.Batches);
        engine.Dispose();
    }

    [Fact]
    public void CreateEngine_MoreCamerasThanLanes_ThrowsNamingTheCamera()
    {
        using CameraBatcher batcher = OpenBatcher(2, TimeSpan.Zero, MonotonicClock.System);
        Assert.Equal(0, batcher.CreateEngine("a").Lane);
        Assert.Equal(1, batcher.CreateEngine("b").Lane);

        var e = Assert.Throws<InvalidOperationException>(() => batcher.CreateEngine("c"));

        Assert.Contains("all 2 lanes of the batch are taken; camera 'c'", e.Message, StringComparison.Ordinal);
    }

    private CameraBatcher OpenBatcher(int cameras, TimeSpan timeout, MonotonicClock clock) =>
        new(DetectorSession.Open(_model, s_cpu with { BatchSize = cameras }), new BatchOptions { Timeout = timeout }, clock);

    /// <summary>Queues deep enough that no frame is dropped, whatever the threads' timing.</summary>
    private static (CameraPipelineOptions, IDetectionEngine, Func<Runtime.Frames.IFrameSource>) Camera(
        string id, CameraBatcher batcher, ScriptedFrameSource source, int frames) =>
        (new CameraPipelineOptions { CameraId = id, InferQueue = frames, PublishQueue = 2 * frames, Deadline = TimeSpan.Zero },
            batcher.CreateEngine(id), () => source);

    private static (long Start, long End) InferStamp(FrameHeader header)
    {
        foreach (StageTiming t in header.Stages)
        {
            if (t.Stage == Stage.Infer)
            {
                return (t.StartMonoNs, t.EndMonoNs);
            }
        }
        throw new Xunit.Sdk.XunitException("no infer stamp");
    }

    private static Detection[] FromWire(DetectionList list)
    {
        var detections = new Detection[list.Detections.Count];
        for (int i = 0; i < detections.Length; i++)
        {
            var d = list.Detections[i];
            detections[i] = new Detection(new BoxF(d.X1, d.Y1, d.X2, d.Y2), d.Score, d.ClassId, i);
        }
        return detections;
    }
}
