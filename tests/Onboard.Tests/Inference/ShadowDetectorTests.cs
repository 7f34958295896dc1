using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

public sealed class ShadowDetectorTests : IDisposable
{
    private static readonly InferenceOptions s_cpu = new() { ExecutionProviders = ["cpu"], WarmupRuns = 1 };
    private readonly TempDirectory _dir = new();
    private readonly string _signs;

    public ShadowDetectorTests()
    {
        _signs = TestModels.Write(_dir, "signs.onnx", SyntheticSignDetector.Build(320));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Offer_SameModelOnThePrimarysTensor_DeliversTheSameDetectionsToTheShadowSinkOnly()
    {
        using var primarySession = DetectorSession.Open(_signs, s_cpu);
        var primary = new FrameDetector(primarySession);
        var sink = new RecordingSink();
        using var shadow = new ShadowDetector(DetectorSession.Open(_signs, ShadowDetector.SessionOptions(s_cpu)), sink);
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 4 }).Generate(1);
        var frame = new ImageView(scene.Pixels, scene.Width, scene.Height, PixelFormat.Bgr24);

        ImageTransform t = primary.Preprocess(frame);
        Assert.True(shadow.Offer(primarySession.Input, t, sequence: 42));
        primary.Infer();
        var results = new Detection[300];
        int n = primary.Postprocess(t, results);

        Assert.True(sink.Delivered.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(30)));
        Assert.Equal(42UL, sink.Sequence);
        Assert.True(n > 0);
        Assert.Equal(results.Take(n), sink.Detections);
        Assert.Equal(1, shadow.Completed);
    }

    [Fact]
    public void Offer_WhileTheShadowIsBusy_SkipsTheFrameAndCountsIt()
    {
        using var primarySession = DetectorSession.Open(_signs, s_cpu);
        var sink = new RecordingSink { Hold = new ManualResetEventSlim(false) };
        using var shadow = new ShadowDetector(DetectorSession.Open(_signs, ShadowDetector.SessionOptions(s_cpu)), sink);
        var t = new ImageTransform(1, 1, 0, 0, 320, 320, 320, 320);
        Assert.True(shadow.Offer(primarySession.Input, t, 1));
        Assert.True(sink.Delivered.Wait(TimeSpan.FromSeconds(30)));   // the shadow is now inside the sink, still busy
        Assert.False(shadow.Offer(primarySession.Input, t, 2));
        Assert.False(shadow.Offer(primarySession.Input, t, 3));
        sink.Hold.Set();
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(30)));
        Assert.True(shadow.Offer(primarySession.Input, t, 4));
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, shadow.Skipped);
        Assert.Equal(2, shadow.Accepted);
    }

    [Fact]
    public void YieldToPrimary_DuringAShadowRun_AbortsItAndTheNextFrameRunsNormally()
    {
        // The realistic-compute network at 320 takes long enough that the abort lands inside the run.
        string compute = TestModels.WriteCompute(_dir, 320);
        using var input = DetectorSession.Open(compute, s_cpu with { WarmupRuns = 0 });
        var sink = new RecordingSink();
        using var shadow = new ShadowDetector(DetectorSession.Open(compute, ShadowDetector.SessionOptions(s_cpu)), sink, preemptForPrimary: true);
        var t = new ImageTransform(1, 1, 0, 0, 320, 320, 320, 320);
        Assert.True(shadow.Offer(input.Input, t, 1));
        shadow.YieldToPrimary();
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, shadow.Preempted);
        Assert.Equal(0, shadow.Completed);
        Assert.True(shadow.Offer(input.Input, t, 2));
        Assert.True(sink.Delivered.Wait(TimeSpan.FromSeconds(60)));
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(60)));
        Assert.Equal(1, shadow.Completed);
    }

    [Fact]
    public void YieldToPrimary_NotPreempting_TheRunFinishesAndFramesOfferedMeanwhileAreSkipped()
    {
        string compute = TestModels.WriteCompute(_dir, 320);
        using var input = DetectorSession.Open(compute, s_cpu with { WarmupRuns = 0 });
        var sink = new RecordingSink();
        using var shadow = new ShadowDetector(DetectorSession.Open(compute, ShadowDetector.SessionOptions(s_cpu)), sink);
        var t = new ImageTransform(1, 1, 0, 0, 320, 320, 320, 320);
        Assert.True(shadow.Offer(input.Input, t, 1));
        shadow.YieldToPrimary();
        bool second = shadow.Offer(input.Input, t, 2);   // false unless the run already finished
        Assert.True(shadow.WaitIdle(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, shadow.Preempted);
        Assert.Equal((second ? 2L : 1L, second ? 0L : 1L), (shadow.Completed, shadow.Skipped));
    }

    [Fact]
    public void ShadowThread_OnLinux_RunsAtALowerPriorityThanThePrimary()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;   // nice values are Linux; the product runs on Linux
        }
        using var primarySession = DetectorSession.Open(_signs, s_cpu);
        var sink = new RecordingSink();
        using var shadow = new ShadowDetector(DetectorSession.Open(_signs, ShadowDetector.SessionOptions(s_cpu)), sink);
        Assert.True(shadow.Offer(primarySession.Input, new ImageTransform(1, 1, 0, 0, 320, 320, 320, 320), 1));
        Assert.True(sink.Delivered.Wait(TimeSpan.FromSeconds(30)));
        Assert.True(shadow.ThreadNice >= ShadowDetector.Nice, $"shadow thread nice {shadow.ThreadNice}");
    }

    private sealed class RecordingSink : IShadowResultSink
    {
        public ManualResetEventSlim Delivered { get; } = new(false);
        public ManualResetEventSlim? Hold { get; init; }
        public ulong Sequence { get; private set; }
        public Detection[] Detections { get; private set; } = [];

        public void OnShadowResult(ulong sequence, in ImageTransform transform, ReadOnlySpan<Detection> detections)
        {
            Sequence = sequence;
            Detections = detections.ToArray();
            Delivered.Set();
            Hold?.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
