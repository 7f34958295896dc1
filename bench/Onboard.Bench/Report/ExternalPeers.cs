using System.Globalization;
using System.Text.RegularExpressions;
using Onboard.Bench.EndToEnd;
using Onboard.Bench.Postprocess;
using Onboard.Bench.Tracking;
using Onboard.Bench.Upload;

namespace Onboard.Bench.Report;

/// <summary>
/// The peers that time themselves in their own process, run (or read back) by the report after the
/// BenchmarkDotNet runs, when this machine is otherwise idle: medians in milliseconds, NaN (with a note) when a
/// peer is missing. The Python decode + NMS and scipy peers run in the benchmarks' set-up (they compare
/// results with ours there) and leave their figures in files; pyzmq and the C++ closed loop run here, once each.
/// </summary>
internal sealed class ExternalPeers(RunSettings settings, List<string> notes)
{
    private readonly Dictionary<int, double> _cpp = [];

    /// <summary>For the width processes, which only need the suites' methods, never a peer.</summary>
    public static ExternalPeers None { get; } = new(RunSettings.Quick, []);
    private (double Throughput, double Latency)? _pyzmq;

    /// <summary>Removes figures a previous run left, so a peer that fails this time shows as missing, not stale.</summary>
    public static void ClearPrevious()
    {
        foreach (string path in (string[])[PythonPeer.ResultPath, ScipyPeer.ResultPath])
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
    }

    public double PythonPostprocessMs()
    {
        PythonPeer.Result? peer = PythonPeer.Load();
        if (peer is null)
        {
            return Missing("numpy + cv2 decode + NMS peer: no result (see the benchmark's log)");
        }
        if (!peer.SameAsOurs)
        {
            notes.Add("numpy + cv2 decode + NMS peer kept DIFFERENT detections from ours");
        }
        return peer.MedianMicroseconds / 1000;
    }

    public double ScipyMs(int n)
    {
        ScipyPeer.Result? peer = ScipyPeer.Load(n);
        if (peer is null)
        {
            return Missing($"scipy peer, N = {n}: no result (see the benchmark's log)");
        }
        if (!peer.SameCostAsOurs)
        {
            notes.Add($"scipy found a DIFFERENT minimum cost from ours at N = {n}");
        }
        return peer.MedianMicroseconds / 1000;
    }

    public (double Throughput, double Latency) PyZmqMs() => _pyzmq ??= RunPyZmq();

    public double CppClosedLoopMs(int threads)
    {
        if (!_cpp.TryGetValue(threads, out double ms))
        {
            CppClosedLoopPeer.Result? r = CppClosedLoopPeer.Run(threads, settings.CppIterations, notes);
            ms = r?.MedianMs ?? double.NaN;
            if (r is not null)
            {
                notes.Add(FormattableString.Invariant(
                    $"C++ closed loop ({r.OpenCv} / ONNX Runtime {r.Ort}, {Threads(ClosedLoopInputs.Resolve(threads))}): preprocess {r.PreprocessMs:0.00} ms, infer {r.InferMs:0.0} ms, decode + NMS {r.PostprocessMs:0.000} ms (medians), {r.Kept} kept"));
            }
            _cpp[threads] = ms;
        }
        return ms;
    }

    private static string Threads(int n) => n == 1 ? "1 thread" : FormattableString.Invariant($"{n} threads");

    private (double, double) RunPyZmq()
    {
        string? output = PeerProcess.Run("/usr/bin/python3", [BenchPaths.Peer("zmq_pub_bench.py"), "--seconds", settings.PyZmqSeconds.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromMinutes(2), notes);
        if (output is null)
        {
            return (double.NaN, double.NaN);
        }
        double Median(string name)
        {
            Match m = Regex.Match(output, name + @": median (\d+)");
            return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) / 1e6 : Missing($"pyzmq peer printed no {name}");
        }
        return (Median("throughput_1KB_ns_per_msg"), Median("latency_1KB_ns"));
    }

    private double Missing(string why)
    {
        notes.Add(why);
        return double.NaN;
    }
}
