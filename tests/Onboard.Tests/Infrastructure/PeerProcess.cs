using System.Collections.Concurrent;
using System.Diagnostics;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A real peer process (Python, ffmpeg, node…) whose stdout lines are collected as they arrive. Tests wait
/// on a line with a timeout instead of sleeping; the process is killed on dispose if still running.
/// </summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _stderr = new();

    public PeerProcess(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        _process = new Process { StartInfo = start };
        // These handlers run on the thread pool, where an exception ends the whole test host. The process's
        // reader can deliver its last line (or its end, null) after Dispose has given up waiting for it, so
        // the handler must not touch anything Dispose tears down: _lines is completed here and never disposed.
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
            }
            else if (!_lines.IsAddingCompleted)
            {
                _lines.TryAdd(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The system Python, which owns Debian's python3-opencv, python3-zmq and python3-protobuf.</summary>
    public const string Python = "/usr/bin/python3";

    public static string PeerScript(string name) => Path.Combine(AppContext.BaseDirectory, "Peers", name);

    /// <summary>Node, for the peers in <c>tests/Onboard.Tests/Peers/node</c>.</summary>
    public const string Node = "node";

    /// <summary>A Node peer script. Node peers run from the source tree, where <c>npm ci</c> (bootstrap) put their
    /// <c>node_modules</c>: ES modules resolve packages from the script's own folder, so a copy would not find them.</summary>
    public static string NodeScript(string name) => Path.Combine(OnboardCli.RepositoryRoot, "tests", "Onboard.Tests", "Peers", "node", name);

    public string StandardError => string.Join(Environment.NewLine, _stderr);

    /// <summary>Next stdout line, or null when the process ended or the timeout passed.</summary>
    public string? ReadLine(TimeSpan timeout) =>
        _lines.TryTake(out string? line, timeout) ? line : null;

    /// <summary>Waits for the process to exit and, once it has, for its redirected output to be read to the
    /// end (the timed <see cref="Process.WaitForExit(TimeSpan)"/> alone returns before that).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }
        _process.WaitForExit();
        return true;
    }

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>SIGKILL, as a crash would end it: no handler runs, nothing is cleaned up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        // Let the readers reach the end of the killed process's pipes before Process.Dispose closes them
        // (a timed WaitForExit returns before that); bounded, in case a grandchild still holds a pipe open.
        _process.WaitForExitAsync().Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
