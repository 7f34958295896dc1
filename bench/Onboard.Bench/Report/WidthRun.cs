using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Onboard.Bench.Report;

/// <summary>
/// One vector width of the report, in a process of its own: the parent (<see cref="ReportCommand"/>) starts this
/// assembly again with <c>--report-width NAME</c> and, for 128 bits, <c>DOTNET_EnableAVX512F=0</c> /
/// <c>DOTNET_EnableAVX2=0</c> set (the JIT reads them at start-up, so a width needs its own process). Inside it,
/// BenchmarkDotNet runs every suite with its in-process toolchain: no project is generated and built per run
/// (on a loaded two-core machine that build alone outlasts bench-quick's three minutes), at the price of the
/// suites sharing one process per width. The medians go to a JSON file the parent reads.
/// </summary>
internal static class WidthRun
{
    public const string Flag = "--report-width";

    /// <summary>The child's side: runs the suites at the width its environment set and writes the medians to <c>--out</c>.</summary>
    public static int Run(string[] args)
    {
        string width = ReportCommand.Option(args, Flag) ?? VectorWidthJobs.Widest;
        string output = ReportCommand.Option(args, "--out") ?? throw new ArgumentException("--report-width needs --out FILE");
        RunSettings settings = RunSettings.For(args);
        if (width == VectorWidthJobs.Narrow && Vector256.IsHardwareAccelerated)
        {
            Console.Error.WriteLine($"--report-width {width}: 256-bit vectors are still accelerated; the JIT did not take {string.Join(", ", VectorWidthJobs.NarrowEnvironment.Keys)}");
            return 2;
        }
        IConfig config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(settings.BaseJob.WithToolchain(InProcessEmitToolchain.Instance).WithId(width));
        IReadOnlyList<Suite> suites = ReportCommand.Selected(args, Suites.All(ExternalPeers.None));
        Summary[] summaries = BenchmarkRunner.Run([.. suites.Select(s => Cases(s, config, width, settings))]);
        var measurements = new List<Measurement>();
        foreach (Summary summary in summaries)
        {
            foreach (BenchmarkCase c in summary.BenchmarksCases)
            {
                BenchmarkReport? report = summary[c];
                double median = report is { Success: true, ResultStatistics: { } statistics } ? statistics.Median : double.NaN;
                measurements.Add(new Measurement(c.Descriptor.Type.FullName!, c.Parameters.DisplayInfo,
                    c.Parameters.Items.ToDictionary(p => p.Name, p => p.Value?.ToString() ?? ""), Suites.CaseLabel(c), width, c.Descriptor.WorkloadMethod.Name, median));
            }
        }
        File.WriteAllText(output, JsonSerializer.Serialize(measurements, ReportCommand.Json));
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }

    /// <summary>The parent's side: runs this assembly at <paramref name="width"/> and returns its medians (empty, with a note, when it failed).</summary>
    public static List<Measurement> Measure(string width, string[] args, string scratch, ICollection<string> notes)
    {
        string output = Path.Combine(scratch, $"measurements-{width}.json");
        File.Delete(output);
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        // Environment.ProcessPath is the dotnet host under `dotnet run` / `dotnet Onboard.Bench.dll`, the apphost otherwise.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WidthRun).Assembly.Location);
        }
        foreach (string arg in args.Where(a => a != ReportCommand.Flag).Concat([Flag, width, "--out", output]))
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var variable in VectorWidthJobs.NarrowEnvironment)
        {
            // Set for 128 bits; removed for the widest, should the caller's shell have set them.
            if (width == VectorWidthJobs.Narrow)
            {
                start.Environment[variable.Key] = variable.Value;
            }
            else
            {
                start.Environment.Remove(variable.Key);
            }
        }
        using Process child = Process.Start(start)!;
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            notes.Add($"{width}: a benchmark failed (exit code {child.ExitCode}); see the log above");
        }
        return File.Exists(output) ? JsonSerializer.Deserialize<List<Measurement>>(File.ReadAllText(output), ReportCommand.Json) ?? [] : [];
    }

    /// <summary>The suite's cases at this width only (classes with a job of their own would add another), and in a quick run only what the comparisons need.</summary>
    private static BenchmarkRunInfo Cases(Suite suite, IConfig config, string width, RunSettings settings)
    {
        BenchmarkRunInfo all = BenchmarkConverter.TypeToBenchmarks(suite.Benchmark, config);
        var methods = suite.Methods.ToHashSet(StringComparer.Ordinal);
        BenchmarkCase[] kept = [.. all.BenchmarksCases.Where(c => c.Job.Id == width
            && (!settings.IsQuick || (methods.Contains(c.Descriptor.WorkloadMethod.Name) && (suite.KeepWhenQuick?.Invoke(c) ?? true))))];
        return new BenchmarkRunInfo(kept, all.Type, all.Config);
    }
}
