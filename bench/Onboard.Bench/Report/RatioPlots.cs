using Onboard.Bench.Results;
using ScottPlot;

namespace Onboard.Bench.Report;

/// <summary>
/// One SVG per suite beside latest.md: a horizontal bar per ratio (case, width, peer), on a log scale with the
/// parity line at 1× (right of it ours is faster), so a glance shows where we lead and where a peer does.
/// </summary>
internal static class RatioPlots
{
    /// <summary>Writes the plots into <paramref name="directory"/>; returns each suite's file name.</summary>
    public static Dictionary<string, string> Write(IReadOnlyList<Ratio> ratios, string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IGrouping<string, Ratio> suite in ratios.GroupBy(r => r.Suite))
        {
            Ratio[] rows = [.. suite];
            var plot = new Plot();
            var bars = new List<Bar>();
            var ticks = new List<Tick>();
            for (int i = 0; i < rows.Length; i++)
            {
                // Bars grow from 1× (log10 0) to log10(ratio): left of the line the peer is faster.
                double position = rows.Length - 1 - i;
                double value = Math.Log10(rows[i].Value);
                bars.Add(new Bar { Position = position, Value = value, ValueBase = 0, FillColor = value >= 0 ? Colors.SteelBlue : Colors.IndianRed });
                ticks.Add(new Tick(position, $"{rows[i].Case}, {rows[i].Width} vs {Shorten(rows[i].Peer)}"));
            }
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. LogTicks(rows)]);
            plot.Add.VerticalLine(0, 1, Colors.Black);
            // At least 0.5× to 2×, so the parity line never sits on the frame's edge.
            plot.Axes.SetLimitsX(Math.Min(-0.35, bars.Min(b => b.Value) - 0.1), Math.Max(0.35, bars.Max(b => b.Value) + 0.1));
            plot.Title(suite.Key);
            plot.XLabel("peer time / our time (log scale; right of 1× ours is faster)");
            string file = Slug(suite.Key) + ".svg";
            plot.SaveSvg(Path.Combine(directory, file), 1000, 120 + (28 * rows.Length));
            files[suite.Key] = file;
        }
        return files;
    }

    private static IEnumerable<Tick> LogTicks(Ratio[] rows)
    {
        double lo = Math.Floor(Math.Log10(Math.Min(1, rows.Min(r => r.Value)))), hi = Math.Ceiling(Math.Log10(Math.Max(1, rows.Max(r => r.Value))));
        for (double e = lo; e <= hi; e++)
        {
            foreach (double m in (double[])[1, 2, 5])
            {
                double v = m * Math.Pow(10, e);
                yield return new Tick(Math.Log10(v), v.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "×");
            }
        }
    }

    private static string Shorten(string peer) => peer.Split(" (", 2)[0];

    private static string Slug(string title)
    {
        var slug = new string([.. title.ToLowerInvariant().Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }
        return slug.Trim('-');
    }
}
