using Onboard.Hil.Evaluation;
using static Onboard.Tests.Hil.Evaluation.MotCases;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>CLEAR MOT against published examples (py-motmetrics' tests, the CLEAR MOT paper's figure 3) and by-hand sequences.</summary>
public sealed class ClearMotTests
{
    [Fact]
    public void Evaluate_PyMotMetricsMotaMotpExample_GivesItsPublishedNumbers()
    {
        ClearMotResult r = ClearMot.Evaluate(PyMotMetricsMotaMotp());
        // py-motmetrics: num_matches 4 + num_switches 2 = 6 correspondences, 2 FP, 2 misses, 8 objects,
        // MOTA = 1 − (2 + 2 + 2)/8, MOTP (mean distance) = 11.1/6.
        Assert.Equal((6, 2, 2, 2), (r.TruePositives, r.FalsePositives, r.FalseNegatives, r.IdSwitches));
        Assert.Equal(1.0 - (2 + 2 + 2) / 8.0, r.Mota, 12);
        Assert.Equal(11.1 / 6, 10 * (1 - r.Motp), 12);
    }

    [Fact]
    public void Evaluate_ClearMotPaperFigure3_MotaIsAFifth()
    {
        ClearMotResult r = ClearMot.Evaluate(ClearMotFigure3());
        Assert.Equal(0.2, r.Mota, 12);
        Assert.Equal((4, 16, 0, 0), (r.TruePositives, r.FalseNegatives, r.FalsePositives, r.IdSwitches));
        // Objects 1–3 never tracked: mostly lost; object 4 tracked in 4 of its 8 frames: partially tracked.
        Assert.Equal((0, 1, 3), (r.MostlyTracked, r.PartiallyTracked, r.MostlyLost));
    }

    [Fact]
    public void Evaluate_HandWorkedSwap_CountsTheSwitchButNotTheFirstMatch()
    {
        ClearMotResult r = ClearMot.Evaluate(HandSwap());
        // TP: 1 + 1 + 2; FN: truth 2 in frame 2; FP: track 11. Frame 3: truth 1 goes from track 10 to 12 (a switch);
        // truth 2's first match (track 10) is not one. MOTA = (4 − 1 − 1)/5 = 0.4. Truth 1 tracked in 3/3 frames
        // (mostly tracked), truth 2 in 1/2 (partially).
        Assert.Equal((4, 1, 1, 1, 0), (r.TruePositives, r.FalseNegatives, r.FalsePositives, r.IdSwitches, r.Fragmentations));
        Assert.Equal(0.4, r.Mota, 12);
        Assert.Equal(1.0, r.Motp, 12);
        Assert.Equal((1, 1, 0), (r.MostlyTracked, r.PartiallyTracked, r.MostlyLost));
    }

    [Fact]
    public void Evaluate_GapInTracking_IsAFragmentationAndBelowThresholdIsNoMatch()
    {
        // Truth 1 over five frames: matched (0.9), matched (0.7), similarity 0.45 < 0.5 (no match), matched, matched.
        // Tracking resumes once after the gap: one fragmentation; the same track, so no switch. MOTP = mean of 0.9,
        // 0.7, 0.8, 0.6; the unmatched frame is a miss and a false positive: MOTA = (4 − 1)/5.
        List<MotFrame> frames = [F([1], [7], 0.9), F([1], [7], 0.7), F([1], [7], 0.45), F([1], [7], 0.8), F([1], [7], 0.6)];
        ClearMotResult r = ClearMot.Evaluate(frames);
        Assert.Equal((4, 1, 1, 0, 1), (r.TruePositives, r.FalseNegatives, r.FalsePositives, r.IdSwitches, r.Fragmentations));
        Assert.Equal(0.75, r.Motp, 12);
        Assert.Equal(0.6, r.Mota, 12);
    }

    [Fact]
    public void Evaluate_ContinuationBeatsABetterNewMatch()
    {
        // Frame 2: track 8 fits truth 1 better (0.95) than its own track 7 does (0.6), yet 7 is kept: no switch.
        ClearMotResult r = ClearMot.Evaluate([F([1], [7], 0.9), F([1], [7, 8], 0.6, 0.95)]);
        Assert.Equal((2, 0, 1, 0), (r.TruePositives, r.FalseNegatives, r.FalsePositives, r.IdSwitches));
    }
}
