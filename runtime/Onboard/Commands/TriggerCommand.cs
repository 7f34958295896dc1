using System.CommandLine;
using System.Text.Json.Nodes;
using Onboard.Runtime.Triggers;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard trigger --camera front [--note TEXT]</c>: asks a running <c>onboard run</c>, over its control socket, for
/// a manual trigger on that camera. Prints <c>trigger accepted camera=front</c> (exit 0), or the refusal and why (exit 1).
/// </summary>
internal static class TriggerCommand
{
    public static Command Create()
    {
        var camera = new Option<string>("--camera") { Description = "The camera to cut a clip of", Required = true };
        var note = new Option<string>("--note") { Description = "Why (stored with the trigger event in the clip)" };
        var control = new ControlEndpointOptions();
        var command = new Command("trigger", "Fire a manual trigger on a running onboard run (its control socket)") { camera, note };
        control.AddTo(command);
        command.SetAction(parse =>
        {
            var fields = new JsonObject { ["camera"] = parse.GetValue(camera) };
            if (parse.GetValue(note) is { } text)
            {
                fields["note"] = text;
            }
            if (control.Call(parse, TriggerControl.Verb, fields, out int exitCode) is null)
            {
                return exitCode;
            }
            Console.WriteLine($"trigger accepted camera={parse.GetValue(camera)}");
            return 0;
        });
        return command;
    }
}
