using System.CommandLine;
using System.Runtime.InteropServices;
using Onboard.Runtime.Config;
using Onboard.Runtime.Upload;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard upload status</c>, <c>onboard upload pause|allow</c> (UploadCommand.Control.cs) and the maintenance verb
/// <c>onboard upload run --spool DIR --config FILE [--until-empty]</c>, which drains a spool without the pipeline (used
/// by the crash tests; <c>onboard run</c> runs the same <see cref="Uploader"/> in process).
/// </summary>
internal static partial class UploadCommand
{
    public static Command Create() => new("upload", "The encrypted clip upload queue")
    {
        CreateStatus(),
        CreateGate("pause", UploadControl.PauseVerb, "Pause uploads of a running onboard run (e.g. on a metered link); progress is kept"),
        CreateGate("allow", UploadControl.AllowVerb, "Allow uploads of a running onboard run again; they resume where the server stopped"),
        CreateRun(),
    };

    private static Command CreateRun()
    {
        var spool = new Option<string>("--spool") { Description = "The spool directory", Required = true };
        var config = new Option<string>("--config") { Description = "A JSON file with an upload section", Required = true };
        var untilEmpty = new Option<bool>("--until-empty") { Description = "Exit 0 once nothing is left to send" };
        var command = new Command("run", "Drain a spool to the tus server (maintenance; onboard run does this in process)") { spool, config, untilEmpty };
        command.Hidden = true;
        command.SetAction(parse => Run(parse.GetValue(spool)!, parse.GetValue(config)!, parse.GetValue(untilEmpty)));
        return command;
    }

    private static int Run(string spoolDir, string configFile, bool untilEmpty)
    {
        UploadOptions? options = ConfigReader.ReadUploadFile(configFile, out List<ConfigError> errors);
        if (options is null)
        {
            ConfigCommand.WriteErrors(configFile, errors);
            return 2;
        }
        UploadSpool spool = UploadSpool.Open(spoolDir);
        Console.WriteLine($"upload ready spool={spool.Directory} {spool.Recovery}");
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var uploader = new Uploader(spool, options, log: Console.Error.WriteLine);
        try
        {
            Task run = untilEmpty ? uploader.RunUntilEmptyAsync(stop.Token) : uploader.RunAsync(stop.Token);
            run.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM/SIGINT: what the server confirmed is in the spool; the next start resumes from there.
        }
        Console.WriteLine(uploader.Status().Format());
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
