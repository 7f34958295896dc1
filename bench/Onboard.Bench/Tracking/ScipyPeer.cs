using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Onboard.Bench.Tracking;

/// <summary>
/// Runs <c>bench/peers/lsa_scipy_bench.py</c> (Debian's /usr/bin/python3 with python3-scipy) on the benchmark's
/// matrices; the script times <c>linear_sum_assignment</c> itself. Results are saved per matrix size where
/// <see cref="ScipyPeerColumn"/> (in the BenchmarkDotNet host process) reads them for the summary table.
/// </summary>
internal static class ScipyPeer
{
    public static string ResultPath { get; } = Path.Combine(Path.GetTempPath(), "onboard-bench", "lsa-scipy-peer.json");

    public sealed record Result(int N, double MedianMicroseconds, double P10Microseconds, double P90Microseconds, double Cost, bool SameCostAsOurs);

    /// <summary>Times scipy on each matrix and compares its minimum cost with <paramref name="ours"/>; null (and a message) when Python or scipy is missing.</summary>
    public static List<Result>? Run(IReadOnlyList<(int N, double[] Cost)> matrices, IReadOnlyList<double> ours)
    {
        string? script = FindScript();
        if (script is null || !File.Exists("/usr/bin/python3"))
        {
            Console.WriteLine("// scipy peer: bench/peers/lsa_scipy_bench.py or /usr/bin/python3 not found; skipped");
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(ResultPath)!);
        string input = Path.Combine(Path.GetDirectoryName(ResultPath)!, "lsa-matrices.bin");
        using (var w = new BinaryWriter(File.Create(input)))
        {
            w.Write(matrices.Count);
            foreach ((int n, double[] cost) in matrices)
            {
                w.Write(n);
                foreach (double c in cost)
                {
                    w.Write(c);
                }
            }
        }
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(input);
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.WriteLine("// scipy peer failed: " + error);
            return null;
        }
        var results = new List<Result>();
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            JsonElement r = json.RootElement;
            double cost = r.GetProperty("cost").GetDouble();
            var result = new Result(r.GetProperty("n").GetInt32(), r.GetProperty("median_us").GetDouble(), r.GetProperty("p10_us").GetDouble(),
                r.GetProperty("p90_us").GetDouble(), cost, Math.Abs(cost - ours[i]) <= 1e-9 * Math.Max(1, Math.Abs(cost)));
            results.Add(result);
            Console.WriteLine(FormattableString.Invariant(
                $"// scipy peer, n = {result.N}: median {result.MedianMicroseconds:0.0} us (p10 {result.P10Microseconds:0.0}, p90 {result.P90Microseconds:0.0}); minimum cost {cost:R}, same as ours: {result.SameCostAsOurs}"));
        }
        File.WriteAllText(ResultPath, JsonSerializer.Serialize(results));
        return results;
    }

    public static Result? Load(int n)
    {
        if (!File.Exists(ResultPath))
        {
            return null;
        }
        List<Result>? results = JsonSerializer.Deserialize<List<Result>>(File.ReadAllText(ResultPath));
        return results?.Find(r => r.N == n);
    }

    private static string? FindScript()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "bench", "peers", "lsa_scipy_bench.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    public static string Invariant(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
