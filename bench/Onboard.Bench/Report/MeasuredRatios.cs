using Onboard.Bench.Results;

namespace Onboard.Bench.Report;

/// <summary>Turns the widths' medians into the report's ratios: for every case (parameters × width) of a suite, each comparison's peer median over ours.</summary>
internal static class MeasuredRatios
{
    public static List<Ratio> From(IReadOnlyList<Suite> suites, IReadOnlyList<Measurement> measurements, ICollection<string> notes)
    {
        var ratios = new List<Ratio>();
        foreach (Suite suite in suites)
        {
            Measurement[] mine = [.. measurements.Where(m => m.Benchmark == suite.Benchmark.FullName)];
            if (mine.Length == 0)
            {
                notes.Add($"{suite.Title}: not measured");
                continue;
            }
            var medians = mine.ToDictionary(m => (m.Width, m.Parameters, m.Method), m => m.MedianNs);
            // One row per case (parameters × width), in BenchmarkDotNet's order.
            foreach (Measurement row in mine.DistinctBy(m => (m.Width, m.Parameters)))
            {
                foreach (Comparison c in suite.Comparisons)
                {
                    string where = $"{suite.Title}, {row.Label}, {row.Width}";
                    if (!medians.TryGetValue((row.Width, row.Parameters, c.OursMethod), out double oursNs) || !double.IsFinite(oursNs))
                    {
                        notes.Add($"{where}: {c.OursMethod} failed or did not run");
                        continue;
                    }
                    double peerMs = c.PeerMethod is { } method
                        ? (medians.TryGetValue((row.Width, row.Parameters, method), out double peerNs) ? peerNs / 1e6 : double.NaN)
                        : c.External!(row.Values);
                    if (double.IsFinite(peerMs))
                    {
                        ratios.Add(new Ratio(suite.Title, row.Label, row.Width, c.OursLabel, c.PeerLabel, oursNs / 1e6, peerMs));
                    }
                    else if (c.PeerMethod is not null)
                    {
                        notes.Add($"{where}: {c.PeerMethod} failed or did not run");
                    }
                }
            }
        }
        return ratios;
    }
}
