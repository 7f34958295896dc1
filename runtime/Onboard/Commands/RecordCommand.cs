using System.CommandLine;
using System.Runtime.InteropServices;
using Onboard.Hil.Recording;
using Onboard.Models.Loading;
using Onboard.Runtime.Config;
using Onboard.Runtime.Inference;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard record --config FILE --output run.mcap [--seconds N] [--jpeg]</c>: <c>onboard run</c> with the HIL
/// recorder on — every camera's frames (lossless by default), ground truth where the source has it, detections,
/// tracks, shadow outputs and health in one MCAP with the clip lineage. Stops at the end of scenario sources,
/// after N seconds, or on SIGTERM/SIGINT; prints one <c>recorded …</c> line and one line per camera.
/// </summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "Run config (see onboard config check)", Required = true };
        var output = new Option<string>("--output") { Description = "The MCAP file to write", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "Stop after this many seconds (0: at the end of scenario sources, or on SIGTERM/SIGINT)" };
        var jpeg = new Option<bool>("--jpeg") { Description = "Frames as JPEG (foxglove.CompressedImage) instead of lossless RawImage; a replay is then not exact" };
        var command = new Command("record", "Run the pipeline of a config with the recorder on, into one MCAP") { config, output, seconds, jpeg };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(output)!, parse.GetValue(seconds), parse.GetValue(jpeg)));
        return command;
    }

    private static int Run(string file, string output, double seconds, bool jpeg)
    {
        RunConfig? config = ConfigReader.Validate(file, out List<ConfigError> errors);
        if (config is null)
        {
            ConfigCommand.WriteErrors(file, errors);
            return 2;
        }
        var session = new RecordingSession
        {
            Config = config,
            ConfigText = File.ReadAllText(file),
            Recorder = new RecorderOptions { Jpeg = jpeg },
            Log = Console.Error,
        };
        return Record(session, output, seconds, "record", out _);
    }

    /// <summary>Runs a session with SIGTERM/SIGINT as its stop and prints what it recorded; shared by the hil verbs.</summary>
    internal static int Record(RecordingSession session, string output, double seconds, string verb, out RecordingResult? result)
    {
        using var stop = new ManualResetEvent(false);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        result = null;
        try
        {
            result = session.Run(output, seconds, stop);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
            or ModelLoadException or ExecutionProviderUnavailableException or ConfigException or Runtime.Messaging.Zmq.ZmqException)
        {
            Console.Error.WriteLine($"{verb}: {e.Message}");
            return e is ConfigException ? 2 : 1;
        }
        Console.WriteLine($"recorded {output} messages={result.Messages.Values.Sum()} images-dropped={result.ImagesDropped} " +
            $"models={string.Join(",", result.Models.Select(m => m.Name + ":" + m.Sha256[..Math.Min(12, m.Sha256.Length)]))}");
        foreach (RecordingCamera c in result.Cameras)
        {
            Console.WriteLine($"camera {c.CameraId} in={c.FramesIn} published={c.FramesPublished} dropped={c.Dropped} late={c.Late} gate-timeouts={c.GateTimeouts}");
        }
        Console.Out.Flush();
        return result.Clean ? 0 : 1;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }
    }
}
