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
            ClipCommand.Create(),
            ConfigCommand.Create(),
            DecodeCommand.Create(),
            DemoCommand.Create(),
            DetectCommand.Create(),
            EchoCommand.Create(),
            HilCommand.Create(),
            ModelCommand.Create(),
            NmsCommand.Create(),
            PreprocessCommand.Create(),
            RecordCommand.Create(),
            RunCommand.Create(),
            TrackCommand.Create(),
            TriggerCommand.Create(),
            UploadCommand.Create(),
            VersionCommand.Create(),
        };
        root.Add(BatchCommand.Create(line => root.Parse(line).Invoke()));
        return root.Parse(args).Invoke();
    }
}
