using System.Text.Json;
using Onboard.Runtime.Control;

namespace Onboard.Runtime.Config;

/// <summary>The <c>control</c> section: <c>{ "endpoint": "tcp://127.0.0.1:5557" }</c>, the control socket (ZeroMQ REP).</summary>
public static partial class ConfigReader
{
    /// <summary><c>control</c> when given (its endpoint defaulting to <see cref="ControlOptions.DefaultEndpoint"/>), else null.</summary>
    private static ControlOptions? ReadControl(JsonFields root, List<ConfigError> errors)
    {
        if (!root.TryGet("control", out JsonElement element))
        {
            return null;
        }
        JsonFields? f = JsonFields.Of(element, root.At("control"), errors);
        if (f is null)
        {
            return null;
        }
        var options = new ControlOptions();
        if (f.String("endpoint") is { } endpoint)
        {
            CheckZmqEndpoint(f, "endpoint", endpoint);
            options = options with { Endpoint = endpoint };
        }
        f.Finish();
        return options;
    }

    /// <summary>
    /// The control endpoint a CLI client of <paramref name="file"/>'s run talks to: <c>control.endpoint</c>, else the
    /// default. Reads that section alone (a client need not load the models).
    /// </summary>
    public static string? ReadControlEndpoint(string file, out List<ConfigError> errors)
    {
        errors = [];
        return ReadJsonFile(file, errors, (element, errors) =>
        {
            JsonFields? root = JsonFields.Of(element, "", errors);
            ControlOptions? control = root is null ? null : ReadControl(root, errors);
            return errors.Count == 0 ? (control ?? new ControlOptions()).Endpoint : null;
        });
    }

    private static void CheckZmqEndpoint(JsonFields f, string name, string endpoint)
    {
        if (!endpoint.StartsWith("tcp://", StringComparison.Ordinal) && !endpoint.StartsWith("ipc://", StringComparison.Ordinal)
            && !endpoint.StartsWith("inproc://", StringComparison.Ordinal))
        {
            f.Error(name, $"must be a ZeroMQ endpoint tcp://HOST:PORT, ipc://PATH or inproc://NAME (got \"{endpoint}\")");
        }
    }
}
