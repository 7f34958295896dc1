using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Onboard.Kernels.Imaging;

namespace Onboard.Bench.Preprocess;

/// <summary>
/// "OpenCV ms" / "vs OpenCV": runs bench/peers/preprocess_opencv.py once per (format, threads) when the summary
/// is printed — OpenCV times itself inside its own process, so Python start-up is not counted — and shows its
/// median next to ours, and how many times faster ours is (OpenCV median / Onboard median).
/// </summary>
public sealed class OpenCvPeerColumn : IColumn
{
    private static readonly ConcurrentDictionary<(PixelFormat, int), double> s_cache = new();
    private readonly bool _ratio;

    public OpenCvPeerColumn(bool ratio) => _ratio = ratio;

    public string Id => _ratio ? "OpenCvRatio" : "OpenCvMs";
    public string ColumnName => _ratio ? "vs OpenCV" : "OpenCV ms";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => _ratio ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => _ratio ? "OpenCV median / this median (higher is better)" : "OpenCV's median per frame, timed in its own process";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Descriptor.Type != typeof(PreprocessBenchmark) || benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(PreprocessBenchmark.Onboard))
        {
            return "-";
        }
        var format = (PixelFormat)benchmarkCase.Parameters["Format"];
        int threads = (int)benchmarkCase.Parameters["Threads"];
        double opencv = s_cache.GetOrAdd((format, threads), key => RunPeer(key.Item1, key.Item2));
        if (double.IsNaN(opencv))
        {
            return "n/a";
        }
        if (!_ratio)
        {
            return opencv.ToString("0.000", CultureInfo.InvariantCulture);
        }
        double? ours = summary[benchmarkCase]?.ResultStatistics?.Median;
        return ours is double ns && ns > 0 ? (opencv * 1e6 / ns).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";
    }

    private static double RunPeer(PixelFormat format, int threads)
    {
        string? script = FindScript();
        if (script is null)
        {
            return double.NaN;
        }
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(PixelFormatInfo.Name(format));
        start.ArgumentList.Add(threads.ToString(CultureInfo.InvariantCulture));
        using var peer = Process.Start(start)!;
        string output = peer.StandardOutput.ReadToEnd();
        peer.WaitForExit();
        if (peer.ExitCode != 0)
        {
            return double.NaN;
        }
        using JsonDocument json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("median_ms").GetDouble();
    }

    /// <summary>bench/peers/ found by walking up from the working directory or the assembly.</summary>
    private static string? FindScript()
    {
        foreach (string from in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "bench", "peers", "preprocess_opencv.py");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    public override string ToString() => ColumnName;
}
