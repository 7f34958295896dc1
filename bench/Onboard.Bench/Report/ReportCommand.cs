using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Onboard.Bench.Results;
using Onboard.Bench.Upload;

namespace Onboard.Bench.Report;

/// <summary>
/// <c>make bench</c> / <c>make bench-quick</c>: every suite with its peers, one BenchmarkDotNet run per suite at
/// the widest vectors and at 128 bits (a process per width, <see cref="WidthRun"/>), then the self-timed peers and the pipeline at 30 fps; writes
/// <c>bench/results/latest.{md,json}</c> and the SVG plots, rewrites the README's generated performance region,
/// and guards: each ratio is compared with the committed <c>bench/results/latest.json</c> (git HEAD's), and any
/// that fell by more than the margin is flagged and makes the exit code 3.
/// Options: <c>--quick</c>, <c>--render</c> (only rewrite the documents from <c>latest.json</c>), <c>--margin 0.25</c>, <c>--no-readme</c>, <c>--suite TEXT</c> (only the suites whose title or class contains it; written to a temp folder, the committed results and the README left alone).
/// </summary>
internal static class ReportCommand
{
    public const string Flag = "--report";
    private const string ResultsFolder = "bench/results";
    private const string BaselineName = "the committed `bench/results/latest.json` (git HEAD)";

    public static int Run(string[] args)
    {
        RunSettings settings = RunSettings.For(args);
        double margin = Option(args, "--margin") is { } m ? double.Parse(m, CultureInfo.InvariantCulture) : RatioGuard.DefaultMargin;
        var guard = new RatioGuard(margin);
        string root = BenchPaths.Root;
        // One suite's run must not overwrite the committed results of all of them: it writes beside them, in temp.
        string results = Option(args, "--suite") is null || args.Contains("--render") ? Path.Combine(root, ResultsFolder) : Path.Combine(Path.GetTempPath(), "onboard-bench", "suite-results");
        Directory.CreateDirectory(results);
        bool failed = false;
        BenchResults latest;
        if (args.Contains("--render"))
        {
            // Only the documents, from the results already measured (e.g. after a baseline was committed).
            latest = ResultsJson.Deserialize(File.ReadAllText(Path.Combine(results, "latest.json")), $"{ResultsFolder}/latest.json");
        }
        else
        {
            latest = Measure(args, settings, out failed);
        }
        var notes = latest.Notes.ToList();
        BenchResults? baseline = CommittedBaseline(root, notes);
        // Guard only what was measured: with --suite, the other suites' ratios are not missing, just not run.
        HashSet<string> measured = [.. latest.Ratios.Select(r => r.Suite)];
        IReadOnlyList<RatioCheck>? checks = baseline is null ? null
            : guard.Compare(Option(args, "--suite") is null ? baseline.Ratios : [.. baseline.Ratios.Where(r => measured.Contains(r.Suite))], latest.Ratios);

        Dictionary<string, string> plots = RatioPlots.Write(latest.Ratios, results);
        File.WriteAllText(Path.Combine(results, "latest.json"), ResultsJson.Serialize(latest));
        File.WriteAllText(Path.Combine(results, "latest.md"), ResultsMarkdown.Full(latest, checks, margin, BaselineName, plots));
        if (!args.Contains("--no-readme") && Option(args, "--suite") is null)
        {
            string readme = Path.Combine(root, "README.md");
            File.WriteAllText(readme, ReadmeRegion.Replace(File.ReadAllText(readme), ResultsMarkdown.Summary(latest)));
        }

        Console.WriteLine($"// bench report: {latest.Ratios.Count} ratios, {Path.Combine(results, "latest.md")} ({latest.Run.WallSeconds / 60:0.0} min)");
        foreach (string note in notes)
        {
            Console.WriteLine("// note: " + note);
        }
        RatioCheck[] regressed = checks?.Where(c => c.Verdict == Verdict.Regressed).ToArray() ?? [];
        foreach (RatioCheck c in regressed)
        {
            Console.WriteLine(FormattableString.Invariant($"// REGRESSED (margin {margin:P0}): {c.Key}: {c.Baseline:0.00}× → {c.Latest:0.00}×"));
        }
        return regressed.Length > 0 ? 3 : failed ? 1 : 0;
    }

    /// <summary>The widths' processes, the self-timed peers and the pipeline; <paramref name="failed"/> when a benchmark did not complete.</summary>
    private static BenchResults Measure(string[] args, RunSettings settings, out bool failed)
    {
        var notes = new List<string>();
        DateTimeOffset started = DateTimeOffset.UtcNow;
        double load = LoadAverage();
        var wall = Stopwatch.StartNew();

        ExternalPeers.ClearPrevious();
        var peers = new ExternalPeers(settings, notes);
        IReadOnlyList<Suite> suites = Selected(args, Suites.All(peers));
        string scratch = Directory.CreateTempSubdirectory("onboard-bench-report-").FullName;
        List<Measurement> measurements = [.. WidthRun.Measure(VectorWidthJobs.Widest, args, scratch, notes), .. WidthRun.Measure(VectorWidthJobs.Narrow, args, scratch, notes)];
        Directory.Delete(scratch, recursive: true);
        List<Ratio> ratios = MeasuredRatios.From(suites, measurements, notes);
        PipelineRun? pipeline = null;
        try
        {
            pipeline = PipelineAt30Fps.Run(settings.PipelineSeconds);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException)
        {
            notes.Add("pipeline at 30 fps: " + e.Message);
        }
        wall.Stop();

        failed = measurements.Count == 0 || measurements.Any(m => !double.IsFinite(m.MedianNs));
        return new BenchResults(new RunInfo(started, settings.Mode, Machine(), load, wall.Elapsed.TotalSeconds, Caveat(load)), ratios, pipeline, notes);
    }

    /// <summary>Between the report and its width processes (medians may be NaN).</summary>
    public static JsonSerializerOptions Json { get; } = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>All suites, or with <c>--suite TEXT</c> those whose title or class name contains it.</summary>
    public static IReadOnlyList<Suite> Selected(string[] args, IReadOnlyList<Suite> all) =>
        Option(args, "--suite") is { } only
            ? [.. all.Where(s => s.Title.Contains(only, StringComparison.OrdinalIgnoreCase) || s.Benchmark.Name.Contains(only, StringComparison.OrdinalIgnoreCase))]
            : all;

    /// <summary>The last committed results: <c>bench/results/latest.json</c> in git HEAD; null (and a note) when there is none.</summary>
    private static BenchResults? CommittedBaseline(string root, List<string> notes)
    {
        var git = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])["show", $"HEAD:{ResultsFolder}/latest.json"])
        {
            git.ArgumentList.Add(arg);
        }
        try
        {
            using Process p = Process.Start(git)!;
            string json = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0)
            {
                return ResultsJson.Deserialize(json, $"git HEAD:{ResultsFolder}/latest.json");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git: nothing committed to compare with.
        }
        notes.Add($"no committed {ResultsFolder}/latest.json: nothing to guard against yet");
        return null;
    }

    private static string Machine()
    {
        string cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        string widest = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : "128-bit";
        return $"{Environment.ProcessorCount} cores ({cpu}), widest vectors {widest}, .NET {Environment.Version}";
    }

    /// <summary>The 1-minute load average (Linux); NaN elsewhere.</summary>
    private static double LoadAverage() =>
        File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;

    private static string Caveat(double load) => load > 0.5 * Environment.ProcessorCount
        ? FormattableString.Invariant($"Figures from a loaded machine (load average {load:0.0} on {Environment.ProcessorCount} cores): absolute times are inflated and noisy; the ratios, ours and the peer measured in the same run, hold up better. Rerun on a quiet machine before quoting.")
        : "";

    public static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
