using System.Diagnostics;

namespace Onboard.Bench.Report;

/// <summary>Runs a peer that times itself (a Python script, the C++ baseline) and returns what it printed.</summary>
internal static class PeerProcess
{
    /// <summary>Stdout of a successful run; null (and a note saying why) when it could not start, failed or hung.</summary>
    public static string? Run(string file, IEnumerable<string> args, TimeSpan timeout, ICollection<string> notes, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (KeyValuePair<string, string> variable in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable.Key] = variable.Value;
        }
        string name = Path.GetFileName(file) + " " + string.Join(' ', start.ArgumentList.Take(1).Select(Path.GetFileName));
        try
        {
            using Process p = Process.Start(start)!;
            Task<string> output = p.StandardOutput.ReadToEndAsync();
            Task<string> error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                notes.Add($"{name}: still running after {timeout.TotalSeconds:0} s, stopped; its comparison is missing");
                return null;
            }
            if (p.ExitCode != 0)
            {
                notes.Add($"{name}: exit code {p.ExitCode}: {error.Result.Trim().Split('\n').LastOrDefault()}");
                return null;
            }
            return output.Result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            notes.Add($"{name}: could not start ({e.Message}); its comparison is missing");
            return null;
        }
    }
}
