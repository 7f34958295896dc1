using System.CommandLine;
using System.Text.Json.Nodes;
using Onboard.Runtime.Config;
using Onboard.Runtime.Control;

namespace Onboard.Commands;

/// <summary>
/// <c>--control ENDPOINT</c> / <c>--config FILE</c> for the commands that talk to a running <c>onboard run</c>
/// (<c>onboard upload pause|allow|status</c>, <c>onboard trigger</c>): the endpoint given, else the config's
/// <c>control.endpoint</c>, else the default <c>tcp://127.0.0.1:5557</c>.
/// </summary>
internal sealed class ControlEndpointOptions
{
    public Option<string> Endpoint { get; } = new("--control") { Description = $"The run's control socket (default {ControlOptions.DefaultEndpoint})" };

    public Option<string> Config { get; } = new("--config") { Description = "The run's config: its control.endpoint" };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Seconds to wait for the reply", DefaultValueFactory = _ => ControlClient.DefaultTimeout.TotalSeconds };

    public void AddTo(Command command)
    {
        command.Add(Endpoint);
        command.Add(Config);
        command.Add(Timeout);
    }

    /// <summary>
    /// Sends <paramref name="verb"/> and returns the reply, or writes why not to stderr and sets <paramref name="exitCode"/>
    /// (1: refused or no reply, 2: a bad config).
    /// </summary>
    public JsonObject? Call(ParseResult parse, string verb, JsonObject? fields, out int exitCode)
    {
        exitCode = 0;
        string? endpoint = parse.GetValue(Endpoint);
        if (endpoint is null && parse.GetValue(Config) is { } file)
        {
            endpoint = ConfigReader.ReadControlEndpoint(file, out List<ConfigError> errors);
            if (endpoint is null)
            {
                ConfigCommand.WriteErrors(file, errors);
                exitCode = 2;
                return null;
            }
        }
        using var client = new ControlClient(endpoint ?? ControlOptions.DefaultEndpoint, TimeSpan.FromSeconds(parse.GetValue(Timeout)));
        try
        {
            return client.Call(verb, fields);
        }
        catch (Exception e) when (e is ControlException or TimeoutException or InvalidDataException)
        {
            Console.Error.WriteLine($"{verb}: {e.Message}");
            exitCode = 1;
            return null;
        }
    }
}
