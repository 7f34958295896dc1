using System.CommandLine;
using Onboard.Runtime.Config;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Commands;

/// <summary><c>onboard config check FILE</c> (every bad field, the scenario files it names too; exit 2) and <c>onboard config keygen</c> (a CURVE key pair).</summary>
internal static class ConfigCommand
{
    public static Command Create() => new("config", "Check run configs and make CURVE keys")
    {
        CreateCheck(),
        CreateKeygen(),
    };

    public static void WriteErrors(string file, IReadOnlyList<ConfigError> errors)
    {
        Console.Error.WriteLine($"{file}: {errors.Count} error(s)");
        foreach (ConfigError e in errors)
        {
            Console.Error.WriteLine($"  {e}");
        }
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("file") { Description = "The JSON config to validate" };
        var command = new Command("check", "Validate a config; names every bad field") { file };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            RunConfig? config = ConfigReader.Validate(path, out List<ConfigError> errors);
            if (config is not null)
            {
                errors = Hil.Scenarios.ScenarioSourceCheck.Errors(config);
            }
            if (config is null || errors.Count > 0)
            {
                WriteErrors(path, errors);
                return 2;
            }
            string batches = string.Concat(config.Models.Values.Where(m => m.Batch is not null).Select(m => $", model {m.Name} batches {m.Batch!.Size} cameras"));
            Console.WriteLine($"{path}: ok ({config.Cameras.Count} camera(s), {config.Models.Count} model(s){batches}, {config.Triggers.Count} trigger(s), publish {config.Publisher.Endpoint}, curve {(config.Publisher.CurveSecretKey is null ? "off" : "on")})");
            return 0;
        });
        return command;
    }

    private static Command CreateKeygen()
    {
        var command = new Command("keygen", "Print a new CURVE key pair (Z85) for publish.curve or a subscriber");
        command.SetAction(_ =>
        {
            ZmqCurveKeyPair pair = ZmqCurve.GenerateKeyPair();
            Console.WriteLine($"public {pair.PublicKey}");
            Console.WriteLine($"secret {pair.SecretKey}");
            return 0;
        });
        return command;
    }
}
