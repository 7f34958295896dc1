using System.Diagnostics;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>Runs ffprobe on the first video stream of an input and returns what it printed.</summary>
internal static class Ffprobe
{
    /// <summary>
    /// <c>ffprobe -v error -select_streams v:0 -show_entries ENTRIES -of FORMAT INPUT</c>: its exit code, stdout
    /// and stderr. stderr is drained alongside stdout so ffprobe never blocks on a full pipe.
    /// </summary>
    public static (int ExitCode, string Output, string Errors) Run(string ffprobe, string entries, string format, string input)
    {
        var start = new ProcessStartInfo(ffprobe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of", format, input })
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {ffprobe}");
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
