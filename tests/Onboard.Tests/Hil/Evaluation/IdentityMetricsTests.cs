using Onboard.Hil.Evaluation;
using static Onboard.Tests.Hil.Evaluation.MotCases;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>IDF1 against py-motmetrics' published match counts and by-hand sequences.</summary>
public sealed class IdentityMetricsTests
{
    [Fact]
    public void Evaluate_PyMotMetricsExample_UsesItsPublishedMatchCounts()
    {
        // py-motmetrics' test_extract_counts on this sequence: objects 4 + 4, hypotheses 4 + 4, possible matches
        // (1,1): 3, (1,2): 2, (2,1): 2, (2,2): 3. The best identity map is 1↔1, 2↔2: IDTP = 6, so
        // IDFN = 8 − 6, IDFP = 8 − 6 and IDF1 = 2·6 / (8 + 8) = 0.75.
        IdentityResult r = IdentityMetrics.Evaluate(PyMotMetricsMotaMotp());
        Assert.Equal((6, 2, 2), (r.IdTruePositives, r.IdFalseNegatives, r.IdFalsePositives));
        Assert.Equal(0.75, r.Idf1, 12);
    }

    [Fact]
    public void Evaluate_HandWorkedSwap_TheBestIdentityMapHasTwoFrames()
    {
        // Possible matches: (1,10) in frames 1–2, (1,12) and (2,10) in frame 3. Either 1↔10 (2 frames) or
        // 1↔12 + 2↔10 (1 + 1): IDTP = 2 of 5 truths and 5 track detections: IDF1 = 4/10.
        IdentityResult r = IdentityMetrics.Evaluate(HandSwap());
        Assert.Equal((2, 3, 3), (r.IdTruePositives, r.IdFalseNegatives, r.IdFalsePositives));
        Assert.Equal(0.4, r.Idf1, 12);
    }

    [Fact]
    public void Evaluate_IdChangeHalfway_HalvesIdf1()
    {
        // One truth over four frames, tracked perfectly, but as track 1 for two frames and track 2 for two.
        IdentityResult r = IdentityMetrics.Evaluate([F([5], [1], 1.0), F([5], [1], 1.0), F([5], [2], 1.0), F([5], [2], 1.0)]);
        Assert.Equal(0.5, r.Idf1, 12);
        Assert.Equal(0.5, r.IdRecall, 12);
    }
}
