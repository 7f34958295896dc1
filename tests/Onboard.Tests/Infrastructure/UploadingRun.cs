using Onboard.Runtime.Control;
using Onboard.Runtime.Upload;
using Onboard.Tests.Commands;

namespace Onboard.Tests.Infrastructure;

/// <summary>
/// The real <c>onboard run</c> (one simulated camera) with <c>upload</c> configured over an <see cref="UploadVehicle"/>'s
/// spool (<c>clips.spool</c>), optionally with <c>triggers</c> (whose clips the recorder writes into that spool), its control
/// socket on a free port: the endpoints it printed, its live status over the socket.
/// </summary>
internal sealed class UploadingRun : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(90);
    private readonly PeerProcess _process;
    private readonly ControlClient _control;

    public UploadingRun(UploadVehicle vehicle, Uri endpoint, bool allowed, long maxBytesPerSecond, int chunkKb = 64, string? triggers = null)
    {
        string config = Path.Combine(Path.GetDirectoryName(vehicle.SpoolDirectory)!, "run.json");
        File.WriteAllText(config, $$"""
            {
              "publish": { "endpoint": "tcp://127.0.0.1:*", "healthIntervalMs": 200 },
              "models": { "signs": { "builtin": "synthetic-signs", "intraOpThreads": 1 } },
              "cameras": [ { "id": "front", "model": "signs", "deadlineMs": 5000, "source": { "kind": "sim", "fps": 5, "width": 640, "height": 360 } } ],{{(triggers is null ? "" : $"\n  \"triggers\": {triggers},")}}
              "control": { "endpoint": "tcp://127.0.0.1:*" },
              "clips": { "spool": "{{vehicle.SpoolDirectory}}", "quotaMb": 100 },
              "upload": { "endpoint": "{{endpoint}}", "cloudPublicKeyFile": "{{vehicle.Keys.PublicKey}}", "vehicleId": "{{vehicle.Options.VehicleId}}",
                "chunkKb": {{chunkKb}}, "maxBytesPerSecond": {{maxBytesPerSecond}}, "concurrency": 2, "allowed": {{(allowed ? "true" : "false")}},
                "retry": { "initialMs": 20, "maxMs": 300 } }
            }
            """);
        _process = OnboardCli.Start("run", "--config", config);
        (PublishEndpoint, ControlEndpoint) = RunStartLines.Read(_process, Lines, s_wait);
        _control = new ControlClient(ControlEndpoint);
    }

    public string ControlEndpoint { get; } = null!;
    public string PublishEndpoint { get; } = null!;

    /// <summary>Stdout so far (read up to the <c>running</c> line, then at <see cref="Stop"/>).</summary>
    public List<string> Lines { get; } = [];

    public int Id => _process.Id;

    public string StandardError => _process.StandardError;

    public UploadStatus Status() => UploadControl.FromJson(_control.Call(UploadControl.StatusVerb)["status"]);

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

    /// <summary>SIGKILL, as a crash.</summary>
    public void Kill() => _process.Kill();

    public void Dispose()
    {
        _control.Dispose();
        _process.Dispose();
    }
}
