using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Onboard.Bench.Postprocess;

/// <summary>
/// Runs <c>bench/peers/yolov8_postprocess.py</c> (Debian's /usr/bin/python3) on the benchmark's tensor; the
/// script times itself. Its result is saved where <see cref="PythonPeerColumn"/> (in the BenchmarkDotNet host
/// process) reads it for the summary table.
/// </summary>
internal static class PythonPeer
{
    public static string ResultPath { get; } = Path.Combine(Path.GetTempPath(), "onboard-bench", "yolov8-python-peer.json");

    public sealed record Result(double MedianMicroseconds, double P10Microseconds, double P90Microseconds, int Candidates, int[] Keep, bool SameAsOurs);

    /// <summary>Runs the peer and compares its kept anchors with <paramref name="ours"/>; null (and a message) if Python or OpenCV is missing.</summary>
    public static Result? Run(float[] tensor, int classes, int anchors, float conf, float iou, int maxDetections, int[] ours)
    {
        string? script = FindScript();
        if (script is null || !File.Exists("/usr/bin/python3"))
        {
            Console.WriteLine("// python peer: bench/peers/yolov8_postprocess.py or /usr/bin/python3 not found; skipped");
            return null;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(ResultPath)!);
        string input = Path.Combine(Path.GetDirectoryName(ResultPath)!, "yolov8-head.f32");
        var bytes = new byte[tensor.Length * sizeof(float)];
        Buffer.BlockCopy(tensor, 0, bytes, 0, bytes.Length);
        File.WriteAllBytes(input, bytes);
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[script, input, "--classes", Invariant(classes), "--anchors", Invariant(anchors),
            "--conf", Invariant(conf), "--iou", Invariant(iou), "--max-det", Invariant(maxDetections)])
        {
            start.ArgumentList.Add(arg);
        }
        using Process p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.WriteLine("// python peer failed: " + error);
            return null;
        }
        using var json = JsonDocument.Parse(output);
        JsonElement r = json.RootElement;
        int[] keep = [.. r.GetProperty("keep").EnumerateArray().Select(e => e.GetInt32())];
        var result = new Result(r.GetProperty("median_us").GetDouble(), r.GetProperty("p10_us").GetDouble(), r.GetProperty("p90_us").GetDouble(),
            r.GetProperty("candidates").GetInt32(), keep, keep.AsSpan().SequenceEqual(ours));
        File.WriteAllText(ResultPath, JsonSerializer.Serialize(result));
        Console.WriteLine(FormattableString.Invariant(
            $"// python peer: median {result.MedianMicroseconds:0.0} us (p10 {result.P10Microseconds:0.0}, p90 {result.P90Microseconds:0.0}), {result.Candidates} candidates, {keep.Length} kept; same detections in the same order as ours: {result.SameAsOurs}"));
        return result;
    }

    public static Result? Load() =>
        File.Exists(ResultPath) ? JsonSerializer.Deserialize<Result>(File.ReadAllText(ResultPath)) : null;

    private static string? FindScript()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "bench", "peers", "yolov8_postprocess.py");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
