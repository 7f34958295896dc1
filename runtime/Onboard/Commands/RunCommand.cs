using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Onboard.Hil.Scenarios;
using Onboard.Hil.Sources;
using Onboard.Models.Loading;
using Onboard.Runtime.Config;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;

namespace Onboard.Commands;

/// <summary>
/// <c>onboard run --config FILE</c>: the deployed process. Validates the config (every bad field named, exit 2),
/// opens one session per camera (or one batched session per batched model, shared by its cameras), publishes
/// detections and health until SIGTERM/SIGINT, then shuts down gracefully: no new frames, frames in flight
/// finish and are published, the socket flushes, exit 0. Prints <c>running …</c> once publishing (with each camera's
/// execution provider; every provider skipped on the way down a chain is on stderr with its reason), and at the
/// end one <c>summary …</c> line per camera and one <c>batch …</c> line per batched model.
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "JSON config (see onboard config check)", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "Stop after this many seconds (0: run until SIGTERM/SIGINT)" };
        var command = new Command("run", "Run the cameras, pipelines and publisher described by a config file") { config, seconds };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(seconds)));
        return command;
    }

    private static int Run(string file, double seconds)
    {
        RunConfig? config = ConfigReader.Validate(file, out List<ConfigError> errors);
        if (config is null)
        {
            ConfigCommand.WriteErrors(file, errors);
            return 2;
        }
        using var stop = new ManualResetEventSlim(false);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        string workDir = Directory.CreateTempSubdirectory("onboard-run-").FullName;
        var clock = MonotonicClock.System;
        // The library opens shm, pipe and ffmpeg sources; the simulated camera (kind sim) comes with the test rigs.
        FrameSourceFactory sources = FrameSourceFactory.Default.With(SimulatedSourceProvider.Instance).With(ScenarioSourceProvider.Instance);
        try
        {
            // Declared first, disposed last: the batchers outlive the pipelines that use them.
            using var engines = new RunEngines(workDir, clock, Console.Error);
            using var host = new PipelineHost(config.Publisher, clock, new TextPipelineEvents(Console.Error));
            foreach (CameraConfig camera in config.Cameras)
            {
                ModelConfig model = config.Models[camera.Model];
                IDetectionEngine engine;
                try
                {
                    engine = engines.Open(model, camera.Id,
                        camera.Shadow is null ? null : config.Models[camera.Shadow.Model], camera.Shadow?.Preempt ?? false, host.PublishSignal);
                }
                catch (Exception e) when (e is ExecutionProviderUnavailableException or ModelLoadException or ArgumentException or NotSupportedException)
                {
                    Console.Error.WriteLine($"run: model \"{model.Name}\" (camera {camera.Id}): {e.Message}");
                    return 1;
                }
                // The model's id, version, classes and detection cap travel with the engine (engine.Info).
                var options = camera.Pipeline with { CameraId = camera.Id };
                SourceConfig source = camera.Source;
                string id = camera.Id;
                host.AddCamera(options, () => sources.Open(id, source, clock), engine);
            }
            using RunServices services = RunServices.Start(config, host, Console.Error, Console.Out);
            using RunClips clips = RunClips.Start(config, file, host, services, Console.Error, Console.Out);
            host.Start();
            Console.WriteLine($"running endpoint={host.Endpoint} cameras={string.Join(",", config.Cameras.Select(c => c.Id))} " +
                $"providers={string.Join(",", host.Cameras.Select(c => c.Engine.Info.Providers.Chosen))} curve={(config.Publisher.CurveSecretKey is null ? "off" : "on")}");
            Console.Out.Flush();
            stop.Wait(seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan);

            bool clean = host.Stop(s_stopTimeout);
            clips.Dispose();   // the clips still open are written before the summary
            foreach (CameraPipeline camera in host.Cameras)
            {
                Console.WriteLine(Summary(camera.Metrics, camera.Engine));
            }
            foreach ((string model, CameraBatcher batcher) in engines.Batchers)
            {
                Console.WriteLine(BatchSummary(model, batcher));
            }
            if (!clean)
            {
                Console.Error.WriteLine($"run: a stage did not finish within {s_stopTimeout.TotalSeconds:0} s; frames in flight were not published");
            }
            Console.Out.Flush();
            return clean ? 0 : 1;
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException or ModelLoadException or Runtime.Messaging.Zmq.ZmqException)
        {
            Console.Error.WriteLine($"run: {e.Message}");
            return 1;
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }

        void Stop(PosixSignalContext context)
        {
            // Cancel the default termination: the main thread shuts down gracefully and exits 0.
            context.Cancel = true;
            stop.Set();
        }
    }

    /// <summary>A batched model's runs: how many held every camera's frame, and how many waited out the timeout for a missing one.</summary>
    internal static string BatchSummary(string model, CameraBatcher b) => string.Create(CultureInfo.InvariantCulture,
        $"batch model={model} cameras={string.Join(",", b.Cameras)} runs={b.Batches} full={b.FullBatches} partial={b.PartialBatches} timeouts={b.TimedOutBatches} frames={b.Images}");

    /// <summary>
    /// Every frame's fate: in = published + dropped (by reason) + in flight (0 after a clean stop); with a shadow,
    /// its offers: offered = skipped + completed + preempted, and completed = published + dropped once stopped.
    /// </summary>
    internal static string Summary(CameraMetrics m, IDetectionEngine engine)
    {
        var line = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        line.Append(inv, $"summary camera={m.CameraId} in={m.FramesIn} published={m.FramesPublished} dropped={m.TotalDrops}");
        for (int r = 1; r < CameraMetrics.DropReasonCount; r++)
        {
            long n = m.Drops((DropReason)r);
            if (n > 0)
            {
                line.Append(inv, $" {((DropReason)r).ToString().ToLowerInvariant()}={n}");
            }
        }
        line.Append(inv, $" late={m.DeadlineMisses} in-flight={m.InFlight} stalls={m.Stalls} reconnects={m.Reconnects}");
        if (engine.Info.Shadow is not null)
        {
            EngineStats s = engine.Stats;
            line.Append(inv, $" shadow-offered={s.ShadowOffered} shadow-completed={s.ShadowCompleted} shadow-skipped={s.ShadowSkipped}");
            line.Append(inv, $" shadow-preempted={s.ShadowPreempted} shadow-published={s.ShadowPublished} shadow-dropped={s.ShadowDropped}");
        }
        return line.ToString();
    }
}
