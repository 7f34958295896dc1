using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Pipeline;

/// <summary>One camera's stages with a scripted source and engine: every frame's fate, deadlines, shutdown, allocations.</summary>
public sealed class CameraPipelineTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void Run_InferenceSlowerThanCamera_DropsOldestQueuedFramesCountedAsInferBusy()
    {
        var source = new ScriptedFrameSource();
        var engine = new ScriptedEngine(gated: true);
        using var h = new PipelineHarness(new CameraPipelineOptions { CameraId = "cam", InferQueue = 1 }, engine, () => source);
        source.Add(ScriptedFrameSource.Frame(0, h.Clock.NowNs));
        Assert.True(engine.Entered.Wait(s_wait), "frame 0 never reached inference");

        // Inference holds frame 0; frames 1..5 pass through a one-deep queue, each evicting the previous.
        for (ulong seq = 1; seq <= 5; seq++)
        {
            source.Add(ScriptedFrameSource.Frame(seq, h.Clock.NowNs));
        }
        Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.Drops(DropReason.InferBusy) == 4, s_wait));
        engine.Release(2);
        h.Stop();

        Assert.Equal([0UL, 5UL], h.PublishedSequences());
        var m = h.Camera.Metrics;
        Assert.Equal(6, m.FramesIn);
        Assert.Equal(2, m.FramesPublished);
        Assert.Equal(4, m.TotalDrops);
        Assert.Equal(0, m.InFlight);
    }

    [Fact]
    public void Run_GapsOverwritesAndBadFrames_EachDroppedForItsOwnReasonAndTheRestPublished()
    {
        var source = new ScriptedFrameSource();
        var options = new CameraPipelineOptions { CameraId = "cam", InferQueue = 8, PublishQueue = 8 };
        using var h = new PipelineHarness(options, new ScriptedEngine(), () => source);
        long now = h.Clock.NowNs;
        source.Add(ScriptedFrameSource.Frame(0, now));
        source.Add(ScriptedFrameSource.Frame(3, now));                 // 1 and 2 never arrived
        source.Add(ScriptedFrameSource.Frame(4, now), intact: false);  // overwritten while preprocessed
        source.Add(ScriptedFrameSource.Frame(5, now, width: 0));       // geometry the kernels refuse
        source.Add(ScriptedFrameSource.Frame(6, now));
        source.Add(ScriptedFrameSource.Frame(2, now));                 // sequence goes back
        Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.FramesPublished == 3 && h.Camera.Metrics.TotalDrops == 5, s_wait),
            string.Join("\n", h.Events.Lines));
        h.Stop();

        var m = h.Camera.Metrics;
        Assert.Equal(8, m.FramesIn);
        Assert.Equal(2, m.Drops(DropReason.SourceGap));
        Assert.Equal(1, m.Drops(DropReason.Overwritten));
        Assert.Equal(2, m.Drops(DropReason.InvalidFrame));
        Assert.Equal([0UL, 3UL, 6UL], h.PublishedSequences());
        Assert.Contains(h.Events.Lines, l => l.Contains("#2 InvalidFrame: sequence went back from 6 to 2", StringComparison.Ordinal));
        Assert.Contains(h.Events.Lines, l => l.Contains("#4 Overwritten", StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_InferenceOverrunsDeadline_FramePublishedFlaggedLateAndCounted()
    {
        var time = new ManualTimeProvider();
        var source = new ScriptedFrameSource();
        var engine = new ScriptedEngine { Clock = time, InferDuration = TimeSpan.FromMilliseconds(150) };
        var options = new CameraPipelineOptions { CameraId = "cam", Deadline = TimeSpan.FromMilliseconds(100) };
        using var h = new PipelineHarness(options, engine, () => source, time);

        source.Add(ScriptedFrameSource.Frame(0, h.Clock.NowNs));
        DetectionList list = h.NextDetections();

        Assert.True(list.Header.Late);
        Assert.Equal(list.Header.CaptureMonoNs + 100_000_000, list.Header.DeadlineMonoNs);
        // The publisher counts a frame once its send returned, which may be after the subscriber has it.
        Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.FramesPublished == 1, s_wait));
        Assert.Equal(1, h.Camera.Metrics.DeadlineMisses);
    }

    [Fact]
    public void Stop_FramesInFlight_FinishAndArePublishedBeforeTheLastHealth()
    {
        var source = new ScriptedFrameSource();
        var engine = new ScriptedEngine(gated: true);
        using var h = new PipelineHarness(new CameraPipelineOptions { CameraId = "cam" }, engine, () => source);
        source.Add(ScriptedFrameSource.Frame(0, h.Clock.NowNs));
        Assert.True(engine.Entered.Wait(s_wait));
        source.Add(ScriptedFrameSource.Frame(1, h.Clock.NowNs));
        Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.Stage(Stage.Preprocess).Count == 2, s_wait));

        h.Camera.BeginStop();
        engine.Release(2);
        h.Stop();

        var messages = h.Sender!.Messages.ToArray();
        // Each frame's tracks follow its detections.
        Assert.Equal(["detections/cam", "tracks/cam", "detections/cam", "tracks/cam", "health"], messages.Select(m => System.Text.Encoding.UTF8.GetString(m[0])));
        var health = Health.Parser.ParseFrom(messages[^1][1]);
        Assert.Equal(CameraState.Stopping, health.State);
        Assert.Equal(2UL, health.FramesPublished);
        Assert.Equal(0, h.Camera.Metrics.InFlight);
    }

    [Fact]
    public void Run_SourceGoesSilentThenReturns_StallReportedSourceReopenedRecoveryReported()
    {
        var time = new ManualTimeProvider();
        var first = new ScriptedFrameSource("first");
        var second = new ScriptedFrameSource("second");
        var sources = new Queue<ScriptedFrameSource>([first, second]);
        var options = new CameraPipelineOptions
        {
            CameraId = "cam",
            StallTimeout = TimeSpan.FromSeconds(1),
            ReconnectInterval = TimeSpan.FromSeconds(2),
            PollInterval = TimeSpan.FromMilliseconds(5),
        };
        using var h = new PipelineHarness(options, new ScriptedEngine(), sources.Dequeue, time);
        first.Add(ScriptedFrameSource.Frame(0, h.Clock.NowNs));
        h.NextDetections();

        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.True(h.Events.Stalled.Wait(s_wait), "no stall reported");
        Assert.Equal(CameraState.Stalled, h.Camera.Metrics.State);
        time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.True(h.Events.Reopened.Wait(s_wait), "source not reopened");
        Assert.True(first.Disposed);
        second.Add(ScriptedFrameSource.Frame(0, h.Clock.NowNs, session: 2));
        Assert.True(h.Events.Recovered.Wait(s_wait), "no recovery reported");

        Assert.Equal(0UL, h.NextDetections().Header.Sequence);
        Assert.Equal(CameraState.Running, h.Camera.Metrics.State);
        Assert.Equal(1, h.Camera.Metrics.Stalls);
        Assert.Equal(1, h.Camera.Metrics.Reconnects);
        Assert.Equal(0, h.Camera.Metrics.Drops(DropReason.SourceGap));
    }

    [Fact]
    public void Run_SteadyState_StagesAllocateNothingPerFrame()
    {
        using var context = new ZmqContext();
        using var pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("inproc://alloc-test");
        var source = new ScriptedFrameSource();
        var options = new CameraPipelineOptions { CameraId = "cam", InferQueue = 16, PublishQueue = 16 };
        using var h = new PipelineHarness(options, new ScriptedEngine(), () => source, sender: pub);
        // In batches smaller than the queues, so frames are published rather than evicted; the stages' counters
        // are read after each batch, and the least growth over a batch must be 0 (Allocations.LeastWindow).
        const int frames = 64;
        List<long> ingest = [], infer = [], publish = [];
        for (ulong seq = 0; seq < frames; seq++)
        {
            source.Add(ScriptedFrameSource.Frame(seq, h.Clock.NowNs));
            if (seq % 8 == 7)
            {
                long done = (long)seq + 1;
                Assert.True(SpinWait.SpinUntil(() => h.Camera.Metrics.FramesPublished + h.Camera.Metrics.TotalDrops == done, s_wait));
                ingest.Add(h.Camera.IngestAllocatedBytes);
                infer.Add(h.Camera.InferAllocatedBytes);
                publish.Add(h.Publisher.AllocatedBytes);
            }
        }
        h.Stop();

        Assert.Equal(frames, h.Camera.Metrics.FramesPublished);
        Assert.Equal((0L, 0L, 0L), (Allocations.LeastWindow(ingest), Allocations.LeastWindow(infer), Allocations.LeastWindow(publish)));
    }
}
