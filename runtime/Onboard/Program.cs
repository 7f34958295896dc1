using System.CommandLine;
using Onboard.Commands;

namespace Onboard;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Onboard: real-time perception inference runtime")
        {
            CameraCommand.Create(),
            ConfigCommand.Create(),
            DemoCommand.Create(),
            DetectCommand.Create(),
            EchoCommand.Create(),
            ModelCommand.Create(),
            NmsCommand.Create(),
            PreprocessCommand.Create(),
            RunCommand.Create(),
            VersionCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
