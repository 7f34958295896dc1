using System.CommandLine;
using Onboard.Runtime.Upload;

namespace Onboard.Commands;

/// <summary>
/// The upload verbs that reach a running <c>onboard run</c> over its control socket, and <c>status</c>, which reads the
/// spool alone with <c>--spool DIR</c> and asks the run otherwise. Both print <see cref="UploadStatus.Format"/>.
/// </summary>
internal static partial class UploadCommand
{
    private static Command CreateStatus()
    {
        var spool = new Option<string>("--spool") { Description = "Read the spool directory (clips.spool) alone, no run needed" };
        var control = new ControlEndpointOptions();
        var command = new Command("status", "Queued, uploading, uploaded and refused clips: from the spool (--spool) or the running onboard run") { spool };
        control.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(spool) is { } dir)
            {
                if (!Directory.Exists(dir))
                {
                    Console.Error.WriteLine($"{dir}: no such spool directory");
                    return 2;
                }
                Console.WriteLine(UploadStatus.FromSpool(dir).Format());
                return 0;
            }
            if (control.Call(parse, UploadControl.StatusVerb, null, out int exitCode) is not { } reply)
            {
                return exitCode;
            }
            Console.WriteLine(UploadControl.FromJson(reply["status"]).Format());
            return 0;
        });
        return command;
    }

    private static Command CreateGate(string name, string verb, string description)
    {
        var control = new ControlEndpointOptions();
        var command = new Command(name, description);
        control.AddTo(command);
        command.SetAction(parse =>
        {
            if (control.Call(parse, verb, null, out int exitCode) is not { } reply)
            {
                return exitCode;
            }
            bool allowed = reply["allowed"]?.GetValue<bool>() ?? false;
            bool changed = reply["changed"]?.GetValue<bool>() ?? false;
            Console.WriteLine($"upload allowed={(allowed ? "yes" : "no")}{(changed ? "" : " (unchanged)")}");
            return 0;
        });
        return command;
    }
}
