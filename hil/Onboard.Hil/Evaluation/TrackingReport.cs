using System.Globalization;
using System.Text;
using Onboard.Hil.Scenes;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Tracking;

namespace Onboard.Hil.Evaluation;

/// <summary>
/// Runs Onboard's tracker (its confirmed tracks, as <c>tracks/&lt;camera&gt;</c> publishes them) and the SORT-style
/// baseline over the same sequences in one run and scores both against the ground truth: MOTA, IDF1, HOTA (DetA,
/// AssA), ID switches, fragmentations.
/// </summary>
public static class TrackingReport
{
    public const string Onboard = "Onboard (ByteTrack, xywh)";
    public const string OnboardAspect = "Onboard, xyah state";
    public const string Sort = "SORT-style baseline";

    /// <summary>Every scenario, one seed each.</summary>
    public static IReadOnlyList<TrackingSequence> StandardSequences(int seed = 1) =>
        [.. Enum.GetValues<TrackingScenario>().Select(s => TrackingSequenceGenerator.Generate(s, seed))];

    public static List<TrackingReportRow> Run(IEnumerable<TrackingSequence> sequences, bool withAspectVariant = false)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var rows = new List<TrackingReportRow>();
        foreach (TrackingSequence sequence in sequences)
        {
            rows.Add(new TrackingReportRow(sequence.Name, Onboard, MotSummary.Evaluate(RunOnboard(sequence, new TrackerSettings()))));
            if (withAspectVariant)
            {
                rows.Add(new TrackingReportRow(sequence.Name, OnboardAspect,
                    MotSummary.Evaluate(RunOnboard(sequence, new TrackerSettings { MotionModel = MotionModel.CenterAspectHeight }))));
            }
            rows.Add(new TrackingReportRow(sequence.Name, Sort, MotSummary.Evaluate(RunSort(sequence))));
        }
        return rows;
    }

    public static List<MotFrame> RunOnboard(TrackingSequence sequence, TrackerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var tracker = new ByteTracker(settings);
        var frames = new List<MotFrame>();
        foreach (SequenceFrame f in sequence.Frames)
        {
            TrackerFrame result = tracker.Step(f.CaptureNs, f.Detections);
            var tracks = new List<(int, int, BoxF)>();
            foreach (TrackSnapshot t in result.Tracks)
            {
                if (t.State == TrackState.Confirmed)
                {
                    tracks.Add(((int)t.Id, t.ClassId, t.Box));
                }
            }
            frames.Add(MotFrame.FromBoxes(Truths(f), tracks));
        }
        return frames;
    }

    public static List<MotFrame> RunSort(TrackingSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var sort = new SortBaseline();
        var frames = new List<MotFrame>();
        foreach (SequenceFrame f in sequence.Frames)
        {
            frames.Add(MotFrame.FromBoxes(Truths(f), sort.Step(f.CaptureNs, f.Detections)));
        }
        return frames;
    }

    /// <summary>A markdown table, one row per sequence and tracker.</summary>
    public static string ToMarkdown(IReadOnlyList<TrackingReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var s = new StringBuilder();
        s.AppendLine("| sequence | tracker | MOTA | IDF1 | HOTA | DetA | AssA | ID switches | frag. | FP | FN |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (TrackingReportRow r in rows)
        {
            MotSummary m = r.Metrics;
            s.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Sequence} | {r.Tracker} | {100 * m.Clear.Mota:0.0} | {100 * m.Identity.Idf1:0.0} | {100 * m.Hota.Hota:0.0} | {100 * m.Hota.DetA:0.0} | {100 * m.Hota.AssA:0.0} | {m.Clear.IdSwitches} | {m.Clear.Fragmentations} | {m.Clear.FalsePositives} | {m.Clear.FalseNegatives} |"));
        }
        return s.ToString();
    }

    private static List<(int, int, BoxF)> Truths(SequenceFrame f) => [.. f.Truths.Select(t => (t.Id, t.ClassId, t.Box))];
}
