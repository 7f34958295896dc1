using Onboard.Runtime.Triggers;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Triggers;

/// <summary>
/// An hour of the clean scene (108,000 frames at 30 fps) with every kind configured as the README's example: no
/// firings at all — 0 false firings per hour for each kind — and the evaluation allocates nothing per frame.
/// </summary>
public sealed class TriggerCleanSceneTests
{
    public static TriggerConfig[] EveryKind() =>
    [
        TriggerScene.Rule(TriggerKind.LowConfidence) with { Min = 0.3, Max = 0.5, Frames = 3 },
        TriggerScene.Rule(TriggerKind.RareClass) with { Classes = ["nosuch"], BelowFraction = 0.02, WindowSeconds = 60 },
        TriggerScene.Rule(TriggerKind.ShadowDisagreement) with { Iou = 0.5, MinDifferences = 1, Frames = 3 },
        TriggerScene.Rule(TriggerKind.TrackFlicker) with { Times = 3, WindowSeconds = 10 },
        TriggerScene.Rule(TriggerKind.ClassFlip),
        TriggerScene.Rule(TriggerKind.LateDetection) with { MinHeightFraction = 0.2 },
        TriggerScene.Rule(TriggerKind.DeadlineMiss) with { Count = 5, WindowSeconds = 10 },
        TriggerScene.Rule(TriggerKind.LatencySpike) with { Ms = 50, WindowSeconds = 10 },
        TriggerScene.Rule(TriggerKind.Manual),
    ];

    [Fact]
    public void CleanScene_AnHourOfFrames_NoKindFires()
    {
        var scene = new TriggerScene(EveryKind());
        scene.Run(30 * 3600);
        Assert.Empty(scene.Fired);
    }

    [Fact]
    public void Evaluation_SteadyStateFrames_AllocateNothing()
    {
        var scene = new TriggerScene(EveryKind());
        long bytes = Allocations.InSteadyState(() => { scene.Clean(); scene.Step(); }, warmup: 600, calls: 300);
        Assert.Equal(0, bytes);
        Assert.Empty(scene.Fired);
    }
}
