using Onboard.Hil.Evaluation;
using Onboard.Kernels.Geometry;
using static Onboard.Tests.Hil.Evaluation.MotCases;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>HOTA, DetA, AssA and LocA on sequences worked out by hand.</summary>
public sealed class HotaTests
{
    [Fact]
    public void Alphas_AreTrackEvalsNineteenThresholds()
    {
        Assert.Equal(19, Hota.Alphas.Length);
        Assert.Equal(0.05, Hota.Alphas[0]);
        Assert.Equal(0.95, Hota.Alphas[^1], 12);
    }

    [Fact]
    public void Evaluate_PerfectTracking_IsOne()
    {
        HotaResult r = Hota.Evaluate([F([1, 2], [8, 9], 1, 0, 0, 1), F([1, 2], [8, 9], 1, 0, 0, 1)]);
        Assert.Equal((1.0, 1.0, 1.0, 1.0), (r.Hota, r.DetA, r.AssA, r.LocA));
    }

    [Fact]
    public void Evaluate_NewIdInTheSecondFrame_AssociationIsHalf()
    {
        // One truth, two frames, perfect boxes, tracks 5 then 6. DetA = 1. Each TP's association: its pair matched
        // once (TPA 1), the truth's other frame under another id (FNA 1): 1/(1 + 1 + 0) = 0.5 ⇒ AssA = 0.5,
        // HOTA = √0.5 at every α.
        HotaResult r = Hota.Evaluate([F([1], [5], 1.0), F([1], [6], 1.0)]);
        Assert.Equal(1.0, r.DetA, 12);
        Assert.Equal(0.5, r.AssA, 12);
        Assert.Equal(Math.Sqrt(0.5), r.Hota, 12);
    }

    [Fact]
    public void Evaluate_HandWorkedSwap_IsWhatTheFormulaGives()
    {
        // Global alignment: potential matches (1,10) = 2 (frames 1, 2), (1,12) = 1, (2,10) = 1 (frame 3, each the only
        // overlap in its row and column); truth counts 3 and 2, track counts 10: 3, 11: 1, 12: 1.
        // A(1,10) = 2/(3 + 3 − 2) = 1/2, A(1,12) = 1/(3 + 1 − 1) = 1/3, A(2,10) = 1/(2 + 3 − 1) = 1/4.
        // Frame 3 assigns 1–12 and 2–10 (1/3 + 1/4 beats 0). All similarities are 1, so at every α:
        // TP = 4, FN = 1 (truth 2, frame 2), FP = 1 (track 11): DetA = 4/6.
        // AssA = Σ over pairs of n·n/(|truth| + |track| − n) / TP = (2·2/4 + 1·1/3 + 1·1/4)/4 = 19/48.
        HotaResult r = Hota.Evaluate(HandSwap());
        Assert.Equal(4.0 / 6, r.DetA, 12);
        Assert.Equal(19.0 / 48, r.AssA, 12);
        Assert.Equal(Math.Sqrt(4.0 / 6 * 19.0 / 48), r.Hota, 12);
        Assert.Equal(1.0, r.LocA, 12);
    }

    [Fact]
    public void Evaluate_OneBoxAtIoU06_CountsOnlyTheAlphasItReaches()
    {
        // (0, 0, 6, 10) against (0, 0, 10, 10): IoU 0.6. It is a TP for α = 0.05 … 0.60 (12 of 19): HOTA_α = 1 there and
        // 0 above, so HOTA = DetA = AssA = 12/19; LocA_α = 0.6 where matched and, as TrackEval defines it, 1 with no TP.
        MotFrame frame = MotFrame.FromBoxes([(1, 0, new BoxF(0, 0, 10, 10))], [(1, 0, new BoxF(0, 0, 6, 10))]);
        Assert.Equal(0.6, frame.At(0, 0), 12);
        HotaResult r = Hota.Evaluate([frame]);
        Assert.Equal(12.0 / 19, r.Hota, 12);
        Assert.Equal(12.0 / 19, r.DetA, 12);
        Assert.Equal(12.0 / 19, r.AssA, 12);
        Assert.Equal((12 * 0.6 + 7) / 19, r.LocA, 12);
    }

    [Fact]
    public void Evaluate_FalsePositiveOnly_DetectionAccuracyFalls()
    {
        // Truth 1 tracked in both frames, plus a false track in frame 2: TP 2, FP 1 ⇒ DetA = 2/3, AssA = 1.
        HotaResult r = Hota.Evaluate([F([1], [1], 1.0), F([1], [1, 2], 1.0, 0)]);
        Assert.Equal(2.0 / 3, r.DetA, 12);
        Assert.Equal(1.0, r.AssA, 12);
    }
}
