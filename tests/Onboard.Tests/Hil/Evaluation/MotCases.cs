using Onboard.Hil.Evaluation;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>Tiny sequences for the metric tests, written as TrackEval's input: ids present and their similarity matrix.</summary>
internal static class MotCases
{
    public static MotFrame F(int[] truths, int[] tracks, params double[] similarity) =>
        new(truths, tracks, similarity.Length == 0 && truths.Length * tracks.Length > 0 ? new double[truths.Length * tracks.Length] : similarity);

    /// <summary>
    /// py-motmetrics' <c>test_metrics.py::test_mota_motp</c> (and <c>test_extract_counts</c>), a published worked
    /// example, given as distances with NaN for "cannot match". Here each distance d becomes the similarity
    /// 1 − d/10 (d in [0, 5] → [0.5, 1], all at or above the 0.5 threshold) and NaN becomes 0: the same pairs can
    /// match, in the same preference order, so MOTA, the counts and IDF1 carry over, and MOTP as a mean distance is
    /// 10·(1 − mean similarity).
    /// </summary>
    public static List<MotFrame> PyMotMetricsMotaMotp()
    {
        static double S(double d) => double.IsNaN(d) ? 0 : 1 - d / 10;
        double nan = double.NaN;
        return
        [
            F([], [1, 2]),                                              // all false positives
            F([1, 2], []),                                              // all misses
            F([1, 2], [1, 2], S(1), S(0.5), S(0.3), S(1)),              // match (1→2, 2→1)
            F([1, 2], [1, 2], S(0.2), S(nan), S(nan), S(0.1)),          // both switch
            F([1, 2], [1, 2], S(5), S(1), S(1), S(5)),                  // keep last frame's matches over better ones
            F([], []),                                                  // no data
        ];
    }

    /// <summary>py-motmetrics' <c>test_correct_average</c>: the example of figure 3 of Bernardin and Stiefelhagen,
    /// "Evaluating Multiple Object Tracking Performance: The CLEAR MOT Metrics" (2008) — four objects, four frames with
    /// no track, then four frames tracking only object 4: MOTA = 0.2.</summary>
    public static List<MotFrame> ClearMotFigure3()
    {
        var frames = new List<MotFrame>();
        for (int i = 0; i < 4; i++)
        {
            frames.Add(F([1, 2, 3, 4], []));
        }
        for (int i = 0; i < 4; i++)
        {
            frames.Add(F([4], [4], 1.0));
        }
        return frames;
    }

    /// <summary>
    /// Worked by hand (comments in the tests): truth 1 tracked by track 10 for two frames; truth 2 appears in frame 2,
    /// missed, while track 11 is a false positive elsewhere; in frame 3 the tracks swap: 12 takes truth 1 and 10 truth 2.
    /// </summary>
    public static List<MotFrame> HandSwap() =>
    [
        F([1], [10], 1.0),
        F([1, 2], [10, 11], 1.0, 0, 0, 0),
        F([1, 2], [10, 12], 0, 1.0, 1.0, 0),
    ];
}
