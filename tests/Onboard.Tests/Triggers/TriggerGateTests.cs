using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Triggers;

namespace Onboard.Tests.Triggers;

/// <summary>Cooldown, budgets, priority and merged windows: what becomes of a firing.</summary>
public sealed class TriggerGateTests
{
    private static TriggerConfig EverySecond(string id) =>
        TriggerScene.Rule(TriggerKind.Periodic) with { Id = id, EverySeconds = 1, PreSeconds = 0.5, PostSeconds = 0.5 };

    [Fact]
    public void Cooldown_FiringsWithinIt_AreSuppressedAndSaySo()
    {
        var scene = new TriggerScene(EverySecond("p") with { CooldownSeconds = 2.5 });
        scene.Run(30 * 10 + 5);
        Assert.Equal(10, scene.Fired.Count);
        // Admitted at 1 s, 4 s, 7 s, 10 s; the two firings after each are inside its 2.5 s cooldown.
        Assert.Equal([false, true, true, false, true, true, false, true, true, false], scene.Fired.Select(f => f.Suppressed == TriggerSuppression.Cooldown));
        Assert.All(scene.Fired.Where(f => f.Suppressed != TriggerSuppression.None), f => { Assert.Null(f.ClipId); Assert.StartsWith("cooldown:", f.Reason); });
        TriggerCounters counters = scene.Triggers.Counters("p")!;
        Assert.Equal((10, 6, 0), (counters.Fired, counters.SuppressedByCooldown, counters.SuppressedByBudget));
    }

    [Fact]
    public void MaxPerHour_Spent_SuppressesUntilTheOldestClipIsAnHourOld()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.Periodic) with { Id = "p", EverySeconds = 700, MaxPerHour = 2 });
        scene.Run(30 * 7200);
        // Firings at 11.7, 23.3, 35, 46.7, 58.3, 70, 81.7, 93.3, 105, 116.7 min: the third to sixth are within an hour
        // of the first admitted one; at 81.7 the first is 70 min old, at 93.3 the second is.
        Assert.Equal("NNBBBBNNBB", string.Concat(scene.Fired.Select(f => f.Suppressed == TriggerSuppression.None ? 'N' : 'B')));
        Assert.Contains("maxPerHour 2", scene.Fired[2].Reason);
    }

    [Fact]
    public void MaxPerDay_Spent_Suppresses()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.Periodic) with { Id = "p", EverySeconds = 1500, MaxPerHour = 2, MaxPerDay = 3 });
        scene.Run(30 * 3600 * 4);
        // Every 25 min for 4 h: admitted at 25, 50 and 100 min (75 is the hour's third), then the day's 3 are spent.
        Assert.Equal("NNBNBBBBB", string.Concat(scene.Fired.Select(f => f.Suppressed == TriggerSuppression.None ? 'N' : 'B')));
        Assert.Equal(6, scene.Triggers.Counters("p")!.SuppressedByBudget);
        Assert.Contains("maxPerDay 3", scene.Fired[^1].Reason);
    }

    [Fact]
    public void OverlappingWindows_MergeIntoOneClipListingEveryTrigger_WithTheHighestPriority()
    {
        var low = TriggerScene.Rule(TriggerKind.Manual) with { Id = "driver", PreSeconds = 2, PostSeconds = 2, Priority = 3 };
        var periodic = TriggerScene.Rule(TriggerKind.Periodic) with { Id = "sample", EverySeconds = 3, PreSeconds = 1, PostSeconds = 1, Priority = 7 };
        var scene = new TriggerScene(low, periodic);
        scene.Run(60);                                             // 2 s
        Assert.Null(scene.Triggers.RequestManual("look"));
        scene.Run(30 * 10);
        // driver at 2 s: [0 s, 4 s]; sample at 3 s: [2 s, 4 s] merges; sample at 6 s opens a second clip.
        Assert.True(scene.Clips.Count >= 2);
        ClipWindow first = scene.Clips[0];
        Assert.Equal(["driver", "sample"], first.TriggerIds);
        Assert.Equal(7, first.Priority);
        Assert.Equal(2, first.Firings.Count);
        Assert.All(first.Firings, f => Assert.Equal(first.ClipId, f.ClipId));
        Assert.Equal(["sample"], scene.Clips[1].TriggerIds);
        Assert.NotEqual(first.ClipId, scene.Clips[1].ClipId);
        Assert.Equal(scene.Fired[0].CaptureMonoNs - 2_000_000_000L, first.StartMonoNs);
        Assert.Equal(scene.Fired[1].CaptureMonoNs + 1_000_000_000L, first.EndMonoNs);
    }
}
