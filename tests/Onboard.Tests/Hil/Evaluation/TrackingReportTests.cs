using Onboard.Hil.Evaluation;
using Xunit.Abstractions;

namespace Onboard.Tests.Hil.Evaluation;

/// <summary>Onboard's tracker against the SORT-style baseline on every generated scenario, in one run (the README's table).</summary>
public sealed class TrackingReportTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_EveryScenario_OnboardBeatsSortWhereByteTrackShould()
    {
        List<TrackingReportRow> rows = TrackingReport.Run(TrackingReport.StandardSequences(), withAspectVariant: true);
        output.WriteLine(TrackingReport.ToMarkdown(rows));
        MotSummary Of(string sequence, string tracker) => rows.Single(r => r.Sequence == sequence && r.Tracker == tracker).Metrics;
        foreach (string sequence in rows.Select(r => r.Sequence).Distinct())
        {
            MotSummary onboard = Of(sequence, TrackingReport.Onboard), sort = Of(sequence, TrackingReport.Sort);
            Assert.True(onboard.Hota.Hota > sort.Hota.Hota, $"{sequence}: HOTA {onboard.Hota.Hota:0.000} vs SORT {sort.Hota.Hota:0.000}");
            Assert.True(onboard.Identity.Idf1 > sort.Identity.Idf1, $"{sequence}: IDF1 {onboard.Identity.Idf1:0.000} vs SORT {sort.Identity.Idf1:0.000}");
        }
        // ByteTrack's own case: occluded objects are carried through on low-score detections.
        MotSummary occluded = Of("occlusions 0.3–1.5 s", TrackingReport.Onboard);
        Assert.True(occluded.Clear.IdSwitches < Of("occlusions 0.3–1.5 s", TrackingReport.Sort).Clear.IdSwitches);
        Assert.True(occluded.Identity.Idf1 > 0.8, $"IDF1 {occluded.Identity.Idf1:0.000}");
    }
}
