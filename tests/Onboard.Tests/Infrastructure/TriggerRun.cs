using Onboard.Tests.Commands;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The real <c>onboard run</c> with one simulated camera (and a shadow that only keeps confident boxes), the given
/// <c>triggers</c>, clips into <see cref="Spool"/>, its control socket on a free port.
/// </summary>
public sealed class TriggerRun : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);
    private readonly PeerProcess _process;
    private int _logTaken;

    public TriggerRun(string directory, string triggersJson, string clipsJson = "")
    {
        Spool = Path.Combine(directory, "spool");
        string config = Path.Combine(directory, "run.json");
        File.WriteAllText(config, $$"""
            {
              "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 200 },
              "control": { "endpoint": "tcp://127.0.0.1:*" },
              "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 },
                          "strict": { "builtin": "synthetic-signs", "intraOpThreads": 1, "scoreThreshold": 0.999 } },
              "cameras": [ { "id": "front", "model": "signs", "shadow": "strict", "deadlineMs": 5000,
                             "source": { "kind": "sim", "fps": 10, "width": 640, "height": 360 } } ],
              "clips": { "spool": "spool", "preBufferMb": 16 {{clipsJson}} },
              "triggers": {{triggersJson}}
            }
            """);
        _process = OnboardCli.Start("run", "--config", config);
        (PublishEndpoint, ControlEndpoint) = RunStartLines.Read(_process, Lines, s_wait);
    }

    public string Spool { get; }
    public string ControlEndpoint { get; } = null!;
    public string PublishEndpoint { get; } = null!;
    public List<string> Lines { get; } = [];
    public string StandardError => _process.StandardError;

    public string[] Clips() => Directory.Exists(Spool) ? Directory.GetFiles(Spool, "*.mcap") : [];

    /// <summary>Waits until the spool holds at least <paramref name="count"/> whole clips.</summary>
    public string[] WaitForClips(int count) => WaitFor(clips => clips.Length >= count, $"no {count} clip(s)");

    /// <summary>Waits until the spool holds the clip <paramref name="clipId"/>; returns its path.</summary>
    public string WaitForClip(string clipId)
    {
        string path = Path.Combine(Spool, clipId + ".mcap");
        WaitFor(clips => clips.Contains(path), $"no clip {clipId}");
        return path;
    }

    private string[] WaitFor(Func<string[], bool> done, string what)
    {
        DateTime deadline = DateTime.UtcNow + s_wait;
        while (DateTime.UtcNow < deadline)
        {
            if (Clips() is { } clips && done(clips))
            {
                return clips;
            }
            Thread.Sleep(100);
        }
        Assert.Fail($"{what} in {Spool} within {s_wait.TotalSeconds} s: {StandardError}");
        return [];
    }

    /// <summary>SIGTERM, then the rest of its output; returns the exit code.</summary>
    public int Stop()
    {
        Signals.Send(_process.Id, Signals.SigTerm);
        while (_process.ReadLine(s_wait) is { } line)
        {
            Lines.Add(line);
        }
        Assert.True(_process.WaitForExit(s_wait), "onboard run did not exit after SIGTERM");
        return _process.ExitCode;
    }

    /// <summary>
    /// The next line of its log (stderr) that matches, after the lines an earlier call took; fails naming the log
    /// when none comes within the wait.
    /// </summary>
    public string NextLogLine(Func<string, bool> match)
    {
        DateTime deadline = DateTime.UtcNow + s_wait;
        while (DateTime.UtcNow < deadline)
        {
            string error = StandardError;   // whole lines, as they came
            string[] log = error.Length == 0 ? [] : error.Split(Environment.NewLine);
            for (; _logTaken < log.Length; _logTaken++)
            {
                if (match(log[_logTaken]))
                {
                    return log[_logTaken++];
                }
            }
            Thread.Sleep(50);
        }
        Assert.Fail($"no such line in its log within {s_wait.TotalSeconds} s: {StandardError}");
        return "";
    }

    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();
}
