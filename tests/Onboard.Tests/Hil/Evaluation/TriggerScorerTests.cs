using Onboard.Hil.Evaluation;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>
/// Trigger recall and precision on hand-worked cases. Camera <c>front</c>'s first frame is at T0; the fog's frames span
/// 2.0–2.5 s and the night's 3.0–3.5 s. Rule <c>low</c> (lowConfidence) cuts clips [t − 0.2 s, t + 0.3 s], so it catches
/// the fog when 1.7 s ≤ t ≤ 2.7 s; rule <c>flick</c> (trackFlicker) has no window.
/// </summary>
public sealed class TriggerScorerTests
{
    private const long T0 = 1_767_225_600_000_000_000;
    private static readonly Dictionary<string, (double, double)> s_windows = new() { ["low"] = (0.2, 0.3), ["flick"] = (0, 0) };
    private static readonly Dictionary<string, long> s_first = new() { ["front"] = T0 };
    private static readonly EventRange s_fog = Event("fog", 20, 25, 2.0, 2.5);
    private static readonly EventRange s_night = Event("night", 30, 35, 3.0, 3.5);

    [Fact]
    public void Score_FiringInsideAnEvent_RecallsItAndIsATruePositive()
    {
        TriggerEvaluation t = Score([s_fog], Fire("low", "lowConfidence", 2.2));

        Assert.Equal((1.0, 1.0, 1, 1), (t.Recall, t.Precision, t.Firings, t.TruePositives));
        Assert.Equal(["low"], t.Events[0].CaughtBy);
        Assert.Equal(["fog"], t.Fired[0].Events);
        Assert.Equal(2.2, t.Fired[0].TimeS, 12);
    }

    [Fact]
    public void Score_FiringOutsideEveryEvent_IsAFalsePositiveAndRecallsNothing()
    {
        // 4.0 s is past the night's last frame plus low's 0.2 s pre-buffer; the fog of another camera is not this camera's.
        var rear = s_fog with { Camera = "rear" };
        TriggerEvaluation t = Score([s_fog, s_night, rear], Fire("low", "lowConfidence", 4.0));

        Assert.Equal((0.0, 0.0, 1, 0), (t.Recall, t.Precision, t.Firings, t.TruePositives));
        Assert.False(t.Fired[0].TruePositive);
        Assert.All(t.Events, e => Assert.False(e.Recalled));
    }

    [Fact]
    public void Score_FiringsAtTheWindowsEdges_AreInAndOneNanosecondBeyondAreOut()
    {
        // 1.7 s: the post part (0.3 s) reaches the fog's first frame; 2.7 s: the pre-buffer (0.2 s) reaches its last.
        TriggerEvaluation t = Score([s_fog],
            Fire("low", "lowConfidence", 1.7, -1), Fire("low", "lowConfidence", 1.7), Fire("low", "lowConfidence", 2.7), Fire("low", "lowConfidence", 2.7, +1),
            Fire("flick", "trackFlicker", 2.5), Fire("flick", "trackFlicker", 2.5, +1));

        Assert.Equal([false, true, true, false, true, false], t.Fired.Select(f => f.TruePositive));
        Assert.Equal(1.0, t.Recall);
        Assert.Equal(3 / 6.0, t.Precision!.Value, 12);
        Assert.Equal(["flick", "low"], t.Events[0].CaughtBy);
    }

    [Fact]
    public void Score_TwoFiringsForOneEvent_RecallItOnceAndAreBothTruePositives()
    {
        TriggerEvaluation t = Score([s_fog, s_night], Fire("low", "lowConfidence", 2.1), Fire("low", "lowConfidence", 2.3), Fire("flick", "trackFlicker", 5));

        Assert.Equal((2, 3, 1), (t.TruePositives, t.Firings, t.EventsRecalled));
        Assert.Equal(0.5, t.Recall);
        Assert.Equal(2 / 3.0, t.Precision!.Value, 12);
        Assert.Equal(["low"], t.Events[0].CaughtBy);
        Assert.Equal(
            [new TriggerKindScore("lowConfidence", 2, 2, 1.0, 1, 0.5), new TriggerKindScore("trackFlicker", 1, 0, 0.0, 0, 0.0)],
            t.PerKind);
        Assert.Equal([new EventKindRecall("fog", 1, 1, 1.0), new EventKindRecall("night", 1, 0, 0.0)], t.PerEventKind);
    }

    [Fact]
    public void Score_SuppressedFiring_IsListedButCutsNoClipSoIsNotScored()
    {
        TriggerEvent suppressed = Fire("low", "lowConfidence", 2.2);
        suppressed.Suppressed = TriggerSuppression.Cooldown;

        TriggerEvaluation t = Score([s_fog], suppressed);

        Assert.Equal((0.0, (double?)null, 0, 1), (t.Recall, t.Precision, t.Firings, t.Suppressed));
        Assert.True(t.Fired[0].Suppressed);
        Assert.Empty(t.Fired[0].Events);
        Assert.Equal(new TriggerKindScore("lowConfidence", 0, 0, null, 0, 0.0), Assert.Single(t.PerKind));
    }

    [Fact]
    public void Score_NoEvents_RecallIsNull()
    {
        TriggerEvaluation t = Score([], Fire("low", "lowConfidence", 1));

        Assert.Null(t.Recall);
        Assert.Equal(0.0, t.Precision);
    }

    private static TriggerEvaluation Score(EventRange[] events, params TriggerEvent[] firings) =>
        TriggerScorer.Score(events, firings, s_windows, s_first, "");

    private static EventRange Event(string name, ulong first, ulong last, double startS, double endS) =>
        new(name, "front", first, last, startS, endS, T0 + (long)Math.Round(startS * 1e9), T0 + (long)Math.Round(endS * 1e9));

    private static TriggerEvent Fire(string id, string kind, double timeS, long plusNs = 0) => new()
    {
        Header = new FrameHeader { CameraId = "front", Sequence = (ulong)Math.Round(timeS * 10), CaptureUtcNs = T0 + (long)Math.Round(timeS * 1e9) + plusNs },
        TriggerId = id,
        Kind = kind,
        ClipId = "front-clip",
    };
}
