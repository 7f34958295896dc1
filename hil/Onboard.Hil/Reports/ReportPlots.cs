using Onboard.Hil.Evaluation;
using ScottPlot;

namespace Onboard.Hil.Reports;

/// <summary>The report's figures, drawn with ScottPlot and returned as PNG bytes (inlined by <see cref="HtmlReport"/>).</summary>
internal static class ReportPlots
{
    private const int Width = 720;
    private const int Height = 320;

    /// <summary>One stage's latency histogram (30 bins).</summary>
    public static byte[] LatencyHistogram(string stage, List<double> samples)
    {
        var plot = new Plot();
        double min = samples.Min(), max = Math.Max(samples.Max(), min + 1e-3);
        var histogram = ScottPlot.Statistics.Histogram.WithBinCount(30, min, max);
        histogram.AddRange(samples);
        plot.Add.Histogram(histogram);
        plot.Title($"{stage} latency ({samples.Count} frames)");
        plot.XLabel("ms");
        plot.YLabel("frames");
        return Png(plot);
    }

    /// <summary>Per frame: end-to-end latency (or the stages' sum in lockstep), late frames marked red, drops as grey lines.</summary>
    public static byte[] Timeline(RecordingEvaluation e, double deadlineMs)
    {
        var plot = new Plot();
        var frames = e.Timeline.Where(f => !f.Dropped).ToList();
        double[] xs = [.. frames.Select(f => f.TimeS)];
        double[] ys = [.. frames.Select(f => f.EndToEndMs)];
        var line = plot.Add.ScatterLine(xs, ys);
        line.LegendText = "end-to-end latency";
        var late = frames.Where(f => f.Late).ToList();
        if (late.Count > 0)
        {
            double[] lateX = [.. late.Select(f => f.TimeS)], lateY = [.. late.Select(f => f.EndToEndMs)];
            var markers = plot.Add.Markers(lateX, lateY, MarkerShape.FilledCircle, 6, Colors.Red);
            markers.LegendText = $"deadline missed ({late.Count})";
        }
        foreach (FrameTiming drop in e.Timeline.Where(f => f.Dropped))
        {
            plot.Add.VerticalLine(drop.TimeS, 1, Colors.Gray);
        }
        if (deadlineMs > 0)
        {
            plot.Add.HorizontalLine(deadlineMs, 1, Colors.Orange, LinePattern.Dashed).LegendText = "deadline";
        }
        plot.Title($"per-frame latency ({e.DroppedFrames.Count} dropped, {e.DeadlineMisses} late)");
        plot.XLabel("time since the first frame (s)");
        plot.YLabel("ms");
        plot.ShowLegend();
        return Png(plot);
    }

    /// <summary>Precision at the 101 recall thresholds, IoU 0.5, one line per class.</summary>
    public static byte[] PrecisionRecall(RecordingEvaluation e)
    {
        var plot = new Plot();
        foreach (ClassEvaluation c in e.PerClass)
        {
            var line = plot.Add.ScatterLine(CocoEvaluator.RecallThresholds, [.. c.PrecisionAtRecall]);
            line.LegendText = FormattableString.Invariant($"{c.ClassName} (AP50 {c.Ap50:0.000})");
        }
        plot.Axes.SetLimits(0, 1, 0, 1.05);
        plot.Title("precision-recall at IoU 0.5");
        plot.XLabel("recall");
        plot.YLabel("precision");
        plot.ShowLegend();
        return Png(plot);
    }

    /// <summary>
    /// The injected long-tail events as bars over time, one row each (green: caught in a clip, red: missed), and the
    /// trigger firings on a row above them (green: the clip holds an event, red: it holds none, grey: suppressed).
    /// </summary>
    public static byte[] Triggers(RecordingEvaluation e, double frameS)
    {
        var plot = new Plot();
        var names = e.Triggers.Events.Select(r => r.Name).Distinct().ToList();
        foreach (EventRange r in e.Triggers.Events)
        {
            int row = names.IndexOf(r.Name);
            var bar = plot.Add.Rectangle(r.StartS, r.EndS + frameS, row - 0.35, row + 0.35);
            bar.FillColor = (r.Recalled ? Colors.Green : Colors.Red).WithAlpha(0.45);
            plot.Add.Text(r.Name, r.StartS, row + 0.45);
        }
        int firingRow = names.Count;
        Firings(plot, e.Triggers.Fired.Where(f => f.TruePositive), firingRow, Colors.Green, "firing, clip holds an event");
        Firings(plot, e.Triggers.Fired.Where(f => !f.Suppressed && !f.TruePositive), firingRow, Colors.Red, "firing, clip holds no event");
        Firings(plot, e.Triggers.Fired.Where(f => f.Suppressed), firingRow, Colors.Gray, "firing suppressed (no clip)");
        plot.Add.Text(e.Triggers.Recorded ? "trigger firings" : "no trigger rules in the run config", 0, firingRow + 0.45);
        // Room above the firings' row for the legend.
        plot.Axes.SetLimitsY(-1, names.Count + 3);
        plot.Title(FormattableString.Invariant($"injected events and trigger firings (recall {Share(e.Triggers.Recall)}, precision {Share(e.Triggers.Precision)})"));
        plot.XLabel("time since the first frame (s)");
        plot.ShowLegend(Alignment.UpperRight);
        return Png(plot);
    }

    private static void Firings(Plot plot, IEnumerable<TriggerFiringScore> firings, int row, Color color, string legend)
    {
        double[] xs = [.. firings.Select(f => f.TimeS)];
        if (xs.Length > 0)
        {
            var markers = plot.Add.Markers(xs, [.. xs.Select(_ => (double)row)], MarkerShape.VerticalBar, 24, color);
            markers.MarkerLineWidth = 3;
            markers.LegendText = FormattableString.Invariant($"{legend} ({xs.Length})");
        }
    }

    /// <summary>A share as the report prints it: three decimals, or n/a where it is undefined (null).</summary>
    public static string Share(double? value) => value is { } v ? FormattableString.Invariant($"{v:0.000}") : "n/a";

    private static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);
}
