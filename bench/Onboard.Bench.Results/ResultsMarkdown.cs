using System.Globalization;
using System.Text;

namespace Onboard.Bench.Results;

/// <summary>
/// Writes <c>bench/results/latest.md</c>: one table per suite (ours, the peer, both medians and the ratio, at each
/// vector width), the pipeline at 30 fps, the notes, and the regression guard's verdicts. <see cref="Summary"/>
/// is the shorter form the README's performance section is generated from.
/// </summary>
public static class ResultsMarkdown
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <param name="results">This run.</param>
    /// <param name="checks">The guard's verdicts; null when there was no baseline.</param>
    /// <param name="margin">The guard's margin, stated with its table.</param>
    /// <param name="baselineName">What the ratios were compared with.</param>
    /// <param name="plots">Suite title → SVG file beside the Markdown, shown under its table.</param>
    public static string Full(BenchResults results, IReadOnlyList<RatioCheck>? checks, double margin, string baselineName, IReadOnlyDictionary<string, string>? plots = null)
    {
        var md = new StringBuilder();
        md.Append("# Bench results\n\n");
        Header(md, results.Run);
        md.Append("Ratio = peer's median / ours (above 1×: ours is faster). Peers run as they ship (their own SIMD dispatch); \"width\" is the vector width .NET was limited to for ours. Against a copy floor the ratio is the fraction of the machine's copy bandwidth ours reaches.\n");
        foreach (IGrouping<string, Ratio> suite in results.Ratios.GroupBy(r => r.Suite))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {suite.Key}\n\n");
            RatioTable(md, suite);
            if (plots is not null && plots.TryGetValue(suite.Key, out string? plot))
            {
                md.Append(CultureInfo.InvariantCulture, $"\n![{suite.Key}]({plot})\n");
            }
        }
        if (results.Pipeline is { } pipeline)
        {
            md.Append("\n## pipeline at ").Append(pipeline.Fps.ToString("0", s_inv)).Append(" fps\n\n");
            PipelineTable(md, pipeline);
        }
        if (results.Notes.Count > 0)
        {
            md.Append("\n## notes\n\n");
            foreach (string note in results.Notes)
            {
                md.Append("- ").Append(note).Append('\n');
            }
        }
        md.Append("\n## regression guard\n\n");
        if (checks is null)
        {
            md.Append(CultureInfo.InvariantCulture, $"Nothing to compare with: {baselineName} not found. Commit this run's `bench/results/latest.json` to start guarding.\n");
        }
        else
        {
            GuardTable(md, checks, margin, baselineName, loaded: !string.IsNullOrEmpty(results.Run.Caveat));
        }
        return md.ToString();
    }

    /// <summary>The README's performance section: the run line, the ratio tables and the pipeline table.</summary>
    public static string Summary(BenchResults results)
    {
        var md = new StringBuilder();
        Header(md, results.Run);
        md.Append("Ratio = peer's median / ours, same run (above 1×: ours is faster; against a copy floor, the fraction of the copy bandwidth reached). Full tables, notes and the regression guard: `bench/results/latest.md`; plots beside it.\n\n");
        RatioTable(md, results.Ratios, withSuite: true);
        if (results.Pipeline is { } pipeline)
        {
            md.Append('\n');
            PipelineTable(md, pipeline);
        }
        return md.ToString();
    }

    private static void Header(StringBuilder md, RunInfo run)
    {
        md.Append(CultureInfo.InvariantCulture,
            $"`make bench{(run.Mode == "quick" ? "-quick" : "")}`, {run.Started:yyyy-MM-dd HH:mm} UTC, {run.Machine}; load average {run.LoadAverage:0.0} at the start; {run.WallSeconds / 60:0.0} min.\n");
        if (!string.IsNullOrEmpty(run.Caveat))
        {
            md.Append("**").Append(run.Caveat).Append("**\n");
        }
        md.Append('\n');
    }

    /// <summary>One row per comparison (case, ours, peer), one column per width: "ratio (our ms / peer ms)".</summary>
    private static void RatioTable(StringBuilder md, IEnumerable<Ratio> ratios, bool withSuite = false)
    {
        Ratio[] all = [.. ratios];
        string[] widths = [.. all.Select(r => r.Width).Distinct()];
        md.Append(withSuite ? "| suite | case | ours | vs peer |" : "| case | ours | vs peer |");
        foreach (string w in widths)
        {
            md.Append(' ').Append(w).Append(": ratio (ms ours / peer) |");
        }
        md.Append(withSuite ? "\n|---|---|---|---|" : "\n|---|---|---|").Append(string.Concat(widths.Select(_ => "---:|"))).Append('\n');
        string? suite = null;
        foreach (IGrouping<(string Suite, string Case, string Ours, string Peer), Ratio> row in all.GroupBy(r => (r.Suite, r.Case, r.Ours, r.Peer)))
        {
            if (withSuite)
            {
                // The suite's name once, on its first row.
                md.Append("| ").Append(row.Key.Suite == suite ? "" : row.Key.Suite).Append(' ');
                suite = row.Key.Suite;
            }
            md.Append(CultureInfo.InvariantCulture, $"| {row.Key.Case} | {row.Key.Ours} | {row.Key.Peer} |");
            foreach (string w in widths)
            {
                Ratio? r = row.FirstOrDefault(x => x.Width == w);
                md.Append(r is null ? " - |" : $" {Times(r.Value)} ({Ms(r.OursMs)} / {Ms(r.PeerMs)}) |");
            }
            md.Append('\n');
        }
    }

    private static void PipelineTable(StringBuilder md, PipelineRun p)
    {
        md.Append(CultureInfo.InvariantCulture,
            $"{p.Description}: {p.Seconds:0} s, {p.FramesIn} frames in, {p.FramesPublished} published, {p.Drops} dropped; {p.BytesPerFrame} B allocated per frame (pipeline threads, outside ONNX Runtime); GC collections gen0/1/2 {p.Gen0Collections}/{p.Gen1Collections}/{p.Gen2Collections}; CPU {p.CpuPercent:0} % of one core.\n\n");
        md.Append("| stage | p50 ms | p99 ms | p99.9 ms |\n|---|---:|---:|---:|\n");
        foreach (StageRow s in p.Stages)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {s.Stage} | {Ms(s.P50Ms)} | {Ms(s.P99Ms)} | {Ms(s.P999Ms)} |\n");
        }
    }

    private static void GuardTable(StringBuilder md, IReadOnlyList<RatioCheck> checks, double margin, string baselineName, bool loaded)
    {
        int regressed = checks.Count(c => c.Verdict == Verdict.Regressed);
        md.Append(CultureInfo.InvariantCulture,
            $"Against {baselineName}, margin {margin * 100:0} % (a ratio is flagged when it fell below {1 - margin:0.00}× its baseline value): **{regressed} regressed**, {checks.Count(c => c.Verdict == Verdict.Held)} held, {checks.Count(c => c.Verdict == Verdict.Improved)} improved, {checks.Count(c => c.Verdict == Verdict.New)} new, {checks.Count(c => c.Verdict == Verdict.Missing)} missing.\n\n");
        if (loaded)
        {
            // Measured: on a shared two-core machine at load 14-15, two runs of the same build moved ratios by 0.1-2x,
            // most of all where the peer runs in its own process at another moment than ours.
            md.Append("This run was on a loaded machine: a ratio flagged here is as likely the load as the code. Rerun on a quiet machine before acting on it.\n\n");
        }
        md.Append("| comparison | baseline | latest | change | verdict |\n|---|---:|---:|---:|---|\n");
        foreach (RatioCheck c in checks.OrderBy(c => c.Verdict == Verdict.Regressed ? 0 : 1))
        {
            string verdict = c.Verdict == Verdict.Regressed ? "**REGRESSED**" : c.Verdict.ToString().ToLowerInvariant();
            md.Append(CultureInfo.InvariantCulture, $"| {c.Key} | {Times(c.Baseline)} | {Times(c.Latest)} | {(double.IsFinite(c.Change) ? c.Change.ToString("0.00", s_inv) : "-")} | {verdict} |\n");
        }
    }

    private static string Times(double ratio) => double.IsFinite(ratio) ? ratio.ToString(ratio >= 10 ? "0.0" : "0.00", s_inv) + "×" : "-";

    /// <summary>Milliseconds to three significant figures (a 0.4 µs solve and a 100 ms inference share one column).</summary>
    private static string Ms(double ms)
    {
        if (!double.IsFinite(ms) || ms <= 0)
        {
            return "-";
        }
        int decimals = Math.Clamp(2 - (int)Math.Floor(Math.Log10(ms)), 0, 9);
        return ms.ToString("F" + decimals.ToString(s_inv), s_inv);
    }
}
