using System.Diagnostics;
using System.Globalization;

namespace Onboard.Bench.Messaging;

/// <summary>
/// CPU time the whole benchmark process spent per message (every thread: the caller and the libraries' I/O
/// threads), summed over all the workload's invocations. Unlike wall time it does not grow when other processes
/// take the cores, so it still compares the two libraries on a loaded machine. The benchmark process writes it
/// at global cleanup; <see cref="CpuPerMessageColumn"/> in the host reads it back (a file per case, since
/// BenchmarkDotNet runs each case in a process of its own).
/// </summary>
internal struct CpuPerMessage
{
    private static readonly string s_folder = Path.Combine(Path.GetTempPath(), "onboard-bench-cpu");
    private TimeSpan _cpu;
    private long _messages;
    private TimeSpan _start;

    /// <summary>Before a burst; reads the process's CPU time without allocating.</summary>
    public void Start() => _start = Environment.CpuUsage.TotalTime;

    public void Stop(int messages)
    {
        _cpu += Environment.CpuUsage.TotalTime - _start;
        _messages += messages;
    }

    public readonly void Save(string method, int payloadBytes, bool curve)
    {
        Directory.CreateDirectory(s_folder);
        double ns = _messages == 0 ? 0 : _cpu.TotalNanoseconds / _messages;
        File.WriteAllText(PathOf(method, payloadBytes, curve), ns.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>The saved CPU ns per message, or null when this host run has not produced one.</summary>
    public static double? Load(string method, int payloadBytes, bool curve)
    {
        string path = PathOf(method, payloadBytes, curve);
        // A file from an earlier run is not this run's figure.
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < Process.GetCurrentProcess().StartTime.ToUniversalTime())
        {
            return null;
        }
        return double.Parse(File.ReadAllText(path), CultureInfo.InvariantCulture);
    }

    private static string PathOf(string method, int payloadBytes, bool curve) =>
        Path.Combine(s_folder, FormattableString.Invariant($"{method}-{payloadBytes}-{(curve ? "curve" : "plain")}.txt"));
}
