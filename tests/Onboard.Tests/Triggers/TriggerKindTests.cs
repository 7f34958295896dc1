using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Triggers;

namespace Onboard.Tests.Triggers;

/// <summary>Each kind fires on a scene built to provoke it, once per provocation, with the values that made it.</summary>
public sealed class TriggerKindTests
{
    [Fact]
    public void LowConfidence_BandOnEnoughConsecutiveFrames_FiresOnceWithTheScore()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.LowConfidence) with { Min = 0.3, Max = 0.5, Frames = 3 });
        scene.Run(2, s => { s.Detection(0).Score = 0.4f; return null; });
        scene.Run(1);                                                   // the run is broken: re-armed
        scene.Run(10, s => { s.Detection(0).Score = 0.4f; return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(5UL, f.Sequence);                                  // the third frame of the second run
        Assert.Equal(("score", 0.4f), (f.Measure[0].Name, (float)f.Measure[0].Value));
        Assert.Equal(3, f.Measure[1].Value);
    }

    [Fact]
    public void LowConfidence_ScoreAtTheBandsUpperEdge_DoesNotFire()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.LowConfidence) with { Min = 0.3, Max = 0.5, Frames = 1 });
        scene.Run(30, s => { s.Detection(0).Score = 0.5f; s.Track(0).Score = 0.5f; return null; });
        Assert.Empty(scene.Fired);
    }

    [Fact]
    public void RareClass_ListedClassAppears_FiresOnItsFirstFrame()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.RareClass) with { Classes = ["octagon"] });
        scene.Run(60, s => { for (int i = 0; i < 3; i++) { s.Detection(i).ClassId = i % 3; } return null; });
        scene.Run(20, s => { for (int i = 0; i < 3; i++) { s.Detection(i).ClassId = i % 3; } s.Detection(1).ClassId = 3; return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(60UL, f.Sequence);
        Assert.Equal(3, f.Measure[0].Value);
    }

    [Fact]
    public void RareClass_ClassBelowFractionAfterAWholeWindow_Fires()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.RareClass) with { BelowFraction = 0.01, WindowSeconds = 10 });
        // 12 s of classes 0-2 only, then class 3 once in ~900 detections: its share is ~0.1 %.
        scene.Run(360, s => { for (int i = 0; i < 3; i++) { s.Detection(i).ClassId = i; } return null; });
        scene.Run(1, s => { s.Detection(0).ClassId = 3; return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(3, f.Measure[0].Value);
        Assert.True(f.Measure[1].Value < 0.01);
    }

    [Fact]
    public void ShadowDisagreement_UnmatchedAndMismatchedBoxesOnEnoughFrames_Fires()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.ShadowDisagreement) with { Iou = 0.5, MinDifferences = 2, Frames = 2 });
        // The shadow sees box 0 as another class and misses box 2: 1 mismatch + 1 unmatched = 2 differences.
        scene.Run(5, s => [new Detection(s.Detection(0).Box, 0.9f, s.Detection(0).ClassId + 1, 0), s.Detection(1)]);
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(1UL, f.Sequence);
        Assert.Equal(1, f.Measure[0].Value);   // unmatched
        Assert.Equal(1, f.Measure[1].Value);   // class mismatches
    }

    [Fact]
    public void ShadowDisagreement_ShiftedButOverlappingBoxes_AreMatches()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.ShadowDisagreement) with { Iou = 0.5, MinDifferences = 1, Frames = 1 });
        scene.Run(30, s =>
        {
            var shadow = new Detection[3];
            for (int i = 0; i < 3; i++)
            {
                shadow[2 - i] = s.Detection(i);
                shadow[2 - i].Box = new BoxF(s.Detection(i).Box.X1 + 4, s.Detection(i).Box.Y1, s.Detection(i).Box.X2 + 4, s.Detection(i).Box.Y2);
            }
            return shadow;
        });
        Assert.Empty(scene.Fired);
    }

    [Fact]
    public void TrackFlicker_LostAndFoundTimesWithinTheWindow_FiresForThatTrack()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.TrackFlicker) with { Times = 3, WindowSeconds = 5 });
        // Track 2 flickers: lost on every 10th frame, found on the next.
        scene.Run(40, s => { if (s.Sequence % 10 == 5) { s.Track(1).State = TrackState.Lost; } return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(2UL, f.Measure.TrackId);
        Assert.Equal(26UL, f.Sequence);          // re-found at 6, 16, 26
    }

    [Fact]
    public void TrackFlicker_RefindsSpreadWiderThanTheWindow_DoNotFire()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.TrackFlicker) with { Times = 3, WindowSeconds = 1 });
        scene.Run(300, s => { if (s.Sequence % 30 == 5) { s.Track(1).State = TrackState.Lost; } return null; });
        Assert.Empty(scene.Fired);
    }

    [Fact]
    public void ClassFlip_TracksFlipCountRises_Fires()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.ClassFlip));
        scene.Run(20, s => { s.Track(2).ClassFlips = s.Sequence >= 12 ? 1 : 0; return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(12UL, f.Sequence);
        Assert.Equal(3UL, f.Measure.TrackId);
    }

    [Fact]
    public void LateDetection_TrackFirstConfirmedAlreadyLarge_Fires_ASmallOneDoesNot()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.LateDetection) with { MinHeightFraction = 0.2 });
        scene.Run(10);                                                   // tracks 1-3 are 60 px tall: 8 % of 720
        scene.Run(10, s =>
        {
            s.TrackCount = 4;
            s.Track(3) = new TrackSnapshot { Id = 4, ClassId = 1, Score = 0.9f, Box = new BoxF(600, 200, 800, 400), State = TrackState.Confirmed };
            return null;
        });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(4UL, f.Measure.TrackId);
        Assert.Equal(10UL, f.Sequence);
        Assert.Equal(200.0 / 720, f.Measure[0].Value, 6);
    }

    [Fact]
    public void DeadlineMiss_CountLateFramesWithinTheWindow_Fires()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.DeadlineMiss) with { Count = 5, WindowSeconds = 2 });
        scene.Run(90, s => { s.Late = s.Sequence % 10 == 0; return null; });   // 1 in 10: 5 within 1.33 s
        Assert.Single(scene.Fired);
        Assert.Equal(40UL, scene.Fired[0].Sequence);
    }

    [Fact]
    public void LatencySpike_P99AboveMs_FiresWithTheP99()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.LatencySpike) with { Ms = 50, WindowSeconds = 10 });
        scene.Run(300);
        scene.Run(5, s => { s.InferNs = 80_000_000; return null; });
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(80, f.Measure[0].Value, 3);
        // 301 frames in the window, 4 of them over 50 ms: the nearest-rank p99 (the 298th smallest) is one of those.
        Assert.Equal(303UL, f.Sequence);
    }

    [Fact]
    public void Manual_Request_FiresOnTheNextFrameWithTheNote_SecondWaitingRequestRefused()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.Manual));
        scene.Run(5);
        Assert.Null(scene.Triggers.RequestManual("pothole"));
        Assert.NotNull(scene.Triggers.RequestManual("again"));
        scene.Run(5);
        TriggerFiring f = Assert.Single(scene.Fired);
        Assert.Equal(5UL, f.Sequence);
        Assert.Equal("pothole", f.Note);
    }

    [Fact]
    public void Manual_CameraWithoutAManualRule_RefusesWithTheReason()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.ClassFlip));
        Assert.Contains("no trigger of kind manual", scene.Triggers.RequestManual(null));
    }

    [Fact]
    public void Periodic_EverySeconds_FiresOncePerPeriod()
    {
        var scene = new TriggerScene(TriggerScene.Rule(TriggerKind.Periodic) with { EverySeconds = 10 });
        scene.Run(30 * 60);
        Assert.Equal(5, scene.Fired.Count);
        Assert.Equal(301UL, scene.Fired[0].Sequence);   // frame 300 is 1 ns short of 10 s
    }

    [Fact]
    public void Periodic_Probability_IsSeededAndNearItsRate()
    {
        TriggerConfig rule = TriggerScene.Rule(TriggerKind.Periodic) with { Probability = 0.01, Seed = 7 };
        var a = new TriggerScene(rule);
        var b = new TriggerScene(rule);
        var c = new TriggerScene(rule with { Seed = 8 });
        a.Run(10_000);
        b.Run(10_000);
        c.Run(10_000);
        Assert.Equal(a.Fired.Select(f => f.Sequence), b.Fired.Select(f => f.Sequence));
        Assert.NotEqual(a.Fired.Select(f => f.Sequence), c.Fired.Select(f => f.Sequence));
        Assert.InRange(a.Fired.Count, 60, 140);    // 100 expected; ±4σ
    }
}
