using System.CommandLine;
using Onboard.Hil.Recording;
using Onboard.Hil.Replay;
using Onboard.Runtime.Config;
using Onboard.Runtime.Primitives;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard hil replay run.mcap [--config run.json] --output replay.mcap [--lockstep | --realtime]</c>: the recorded
/// frames through the pipeline of the config (default: the one the recording was made with, from its
/// <c>run_config</c> metadata) into a new recording. Lockstep (default): every frame in order, no drops, the recorded
/// capture times — two replays are identical. Realtime: at the recorded timing, dropping what the pipeline cannot take.
/// A model other than the recording's is a warning with the lineage difference; the replay goes on.
/// </summary>
internal static class HilReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("recording") { Description = "An MCAP recording (onboard record, hil run)" };
        var config = new Option<string?>("--config") { Description = "Run config (default: the recording's own)" };
        var output = new Option<string>("--output") { Description = "The replay's MCAP", Required = true };
        var lockstep = new Option<bool>("--lockstep") { Description = "Every frame, in order, no drops (default)" };
        var realtime = new Option<bool>("--realtime") { Description = "At the recorded timing, dropping as the vehicle would" };
        var command = new Command("replay", "Replay a recording's frames through the pipeline into a new recording") { input, config, output, lockstep, realtime };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(config), parse.GetValue(output)!, parse.GetValue(lockstep), parse.GetValue(realtime)));
        return command;
    }

    private static int Run(string input, string? configFile, string output, bool lockstep, bool realtime)
    {
        if (lockstep && realtime)
        {
            Console.Error.WriteLine("hil replay: --lockstep and --realtime exclude each other");
            return 2;
        }
        RecordingFile recording;
        RunConfig? config;
        string configText;
        try
        {
            // Without pixels: the sources stream them from the file while the replay runs (ImageStream).
            recording = RecordingFile.Read(input, images: false);
            if (configFile is not null)
            {
                configText = File.ReadAllText(configFile);
                config = ConfigReader.Validate(configFile, out List<ConfigError> errors);
                if (config is null)
                {
                    ConfigCommand.WriteErrors(configFile, errors);
                    return 2;
                }
            }
            else
            {
                configText = recording.MetadataValue("run_config", "json")
                    ?? throw new RecordingException($"{input}: no run_config metadata record: pass --config");
                config = ConfigReader.Parse(configText, Path.GetDirectoryName(Path.GetFullPath(input))!, out List<ConfigError> errors);
                if (config is null)
                {
                    ConfigCommand.WriteErrors(input + " (run_config metadata)", errors);
                    return 2;
                }
            }
            foreach (CameraConfig camera in config.Cameras)
            {
                recording.Replayable(camera.Id);
            }
        }
        catch (Exception e) when (e is RecordingException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hil replay: {e.Message}");
            return 2;
        }
        FramePacing pacing = realtime ? FramePacing.Realtime : FramePacing.Lockstep;
        var clock = MonotonicClock.System;
        var sources = new System.Collections.Concurrent.ConcurrentBag<ReplayFrameSource>();
        var session = new RecordingSession
        {
            Config = config,
            ConfigText = configText,
            Pacing = pacing,
            Endpoint = "tcp://127.0.0.1:*",
            Sources = (camera, gate) =>
            {
                RecordedCamera recorded = recording.Cameras[camera.Id];
                var source = new ReplayFrameSource(recorded, new ImageStream(input, recorded), clock, pacing, gate);
                sources.Add(source);
                return source;
            },
            Log = Console.Error,
            Clock = clock,
        };
        foreach ((string name, IReadOnlyDictionary<string, string> record) in recording.Metadata)
        {
            if (name == "scenario")
            {
                session.Metadata[name] = record;
            }
        }
        session.Metadata["replay"] = new Dictionary<string, string>
        {
            ["source"] = Path.GetFileName(input),
            ["source_config_hash"] = recording.Lineage.ConfigHash,
        };
        int code = RecordCommand.Record(session, output, 0, "hil replay", out RecordingResult? result);
        if (sources.Select(s => s.Failure).FirstOrDefault(f => f is not null) is { } failure)
        {
            // The file stopped reading under the replay: the pipeline ended after the frames before the place, but
            // a partial replay must not pass for a whole one.
            File.Delete(output);
            Console.Error.WriteLine($"hil replay: {failure.Message}");
            return 2;
        }
        if (result is not null)
        {
            foreach (string line in LineageDifference.Models(recording.Lineage.Models, result.Models))
            {
                Console.Error.WriteLine($"hil replay: warning: {line}");
            }
        }
        return code;
    }
}
