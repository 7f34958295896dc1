using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Recording;

/// <summary>
/// The deployed pipeline of a run config with the recorder on (what <c>onboard record</c>, <c>hil replay</c> and
/// <c>hil run</c> share): engines, host, cameras, the config's triggers (<see cref="RunTriggers"/>), each camera's
/// source behind a <see cref="FrameTap"/>, one MCAP
/// written atomically. HIL sources (scenarios, recordings) end by themselves; the session then waits for their
/// last frame's results, stops the pipeline gracefully and closes the file.
/// </summary>
internal sealed class RecordingSession
{
    private readonly ConcurrentDictionary<string, IndexedFrameSource> _hilSources = new(StringComparer.Ordinal);

    public required RunConfig Config { get; init; }

    /// <summary>The config's text (recorded as the <c>run_config</c> metadata, hashed into the lineage).</summary>
    public required string ConfigText { get; init; }

    /// <summary>Opens each camera's source instead of the config's (replays); null: the config's, a scenario one paced
    /// and gated by the recorder.</summary>
    public SessionSource? Sources { get; init; }

    public RecorderOptions Recorder { get; init; } = new();

    /// <summary>Lockstep: no deadlines (the capture times are a recording's, not this clock's).</summary>
    public FramePacing Pacing { get; init; } = FramePacing.Paced;

    /// <summary>Publish here instead of the config's endpoint (replays and scenario runs use a free loopback port).</summary>
    public string? Endpoint { get; init; }

    /// <summary>Extra metadata records (name → map), e.g. the scenario.</summary>
    public Dictionary<string, IReadOnlyDictionary<string, string>> Metadata { get; } = new(StringComparer.Ordinal);

    public TextWriter Log { get; init; } = TextWriter.Null;

    public MonotonicClock Clock { get; init; } = MonotonicClock.System;

    /// <summary>
    /// Runs to the end of the HIL sources, <paramref name="seconds"/> (0: no limit) or <paramref name="stop"/>, and writes
    /// <paramref name="output"/>. Returns what happened per camera.
    /// </summary>
    public RecordingResult Run(string output, double seconds, WaitHandle? stop = null)
    {
        // Scenario files are read now, so a bad field stops the session before anything starts (ConfigException).
        var scenarios = new Dictionary<string, Scenarios.Scenario>(StringComparer.Ordinal);
        foreach (CameraConfig camera in Config.Cameras)
        {
            if (Sources is null && camera.Source.Kind == SourceKind.Scenario)
            {
                scenarios[camera.Id] = Scenarios.ScenarioReader.Read(camera.Source.Path!);
                Metadata["scenario"] = new Dictionary<string, string> { ["camera"] = camera.Id, ["json"] = File.ReadAllText(camera.Source.Path!) };
            }
        }
        string workDir = Directory.CreateTempSubdirectory("onboard-hil-").FullName;
        try
        {
            using var file = AtomicFile.Create(output);
            using var recorder = new PipelineRecorder(file.Stream, Recorder);
            using var engines = new RunEngines(workDir, Clock, Log);
            PublisherOptions publisher = Endpoint is null ? Config.Publisher : Config.Publisher with { Endpoint = Endpoint };
            using var host = new PipelineHost(publisher, Clock, new TextPipelineEvents(Log));
            FrameSourceFactory factory = FrameSourceFactory.Default.With(Onboard.Hil.Sources.SimulatedSourceProvider.Instance)
                .With(Scenarios.ScenarioSourceProvider.Instance);
            var models = new List<ClipModelLineage>();
            foreach (CameraConfig camera in Config.Cameras)
            {
                ModelConfig model = Config.Models[camera.Model];
                IDetectionEngine engine = engines.Open(model, camera.Id,
                    camera.Shadow is null ? null : Config.Models[camera.Shadow.Model], camera.Shadow?.Preempt ?? false, host.PublishSignal);
                if (!models.Exists(m => m.Name == model.Name))
                {
                    models.Add(new ClipModelLineage(model.Name, engine.Info.ModelId, engine.Info.ModelVersion, ModelHash(model), engine.Info.Providers.Chosen));
                }
                CameraPipelineOptions options = camera.Pipeline with { CameraId = camera.Id };
                if (Sources is not null || camera.Source.Kind == SourceKind.Scenario)
                {
                    // A HIL source waits for the recorder, and a lockstep one runs on the recording's clock.
                    options = options with
                    {
                        StallTimeout = TimeSpan.FromMinutes(10),
                        Deadline = Pacing == FramePacing.Lockstep ? TimeSpan.Zero : options.Deadline,
                    };
                }
                FrameGate gate = recorder.Gate(camera.Id);
                CameraConfig c = camera;
                host.AddCamera(options, () => recorder.Tap(c.Id, Open(c, gate, factory, scenarios)), engine);
            }
            RunTriggers.AddWithoutClips(Config, host);
            recorder.Start(host.Endpoint);
            host.Start();
            long startMs = Environment.TickCount64;
            while (!Done(recorder) && (seconds <= 0 || Environment.TickCount64 - startMs < seconds * 1000))
            {
                if (stop?.WaitOne(50) == true)
                {
                    break;
                }
                if (stop is null)
                {
                    Thread.Sleep(50);
                }
            }
            bool clean = host.Stop(TimeSpan.FromSeconds(10));
            var lineage = new ClipLineage
            {
                ClipId = Path.GetFileNameWithoutExtension(output),
                VehicleId = "hil",
                SoftwareVersion = typeof(RecordingSession).Assembly.GetName().Version?.ToString(3) ?? "",
                ConfigHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ConfigText))),
                Models = models,
                // The rules that ran (a clip lists those that fired; a recording holds the whole run).
                TriggerIds = [.. Config.Triggers.Select(t => t.Id)],
            };
            var metadata = new Dictionary<string, IReadOnlyDictionary<string, string>>(Metadata, StringComparer.Ordinal)
            {
                ["run_config"] = new Dictionary<string, string> { ["json"] = ConfigText },
                ["recording"] = RecordingRecord(recorder),
            };
            recorder.Stop(lineage.ToMetadata(), metadata);
            file.Commit(overwrite: true);
            var cameras = host.Cameras.Select(p => new RecordingCamera(p.CameraId, p.Metrics.FramesIn, p.Metrics.FramesPublished, p.Metrics.TotalDrops,
                p.Metrics.DeadlineMisses, recorder.Gate(p.CameraId).TimedOut)).ToList();
            return new RecordingResult(clean, cameras, new Dictionary<string, long>(recorder.Counts), recorder.ImagesDropped, models);
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    private IFrameSource Open(CameraConfig camera, FrameGate gate, FrameSourceFactory factory, Dictionary<string, Scenarios.Scenario> scenarios)
    {
        IFrameSource source = Sources is not null ? Sources(camera, gate)
            : scenarios.TryGetValue(camera.Id, out Scenarios.Scenario? scenario) ? new Scenarios.ScenarioFrameSource(camera.Id, scenario, Clock, Pacing, gate)
            : factory.Open(camera.Id, camera.Source, Clock);
        if (source is IndexedFrameSource hil)
        {
            _hilSources[camera.Id] = hil;
        }
        return source;
    }

    /// <summary>Every HIL source has handed out its last frame and that frame's detections are recorded.</summary>
    private bool Done(PipelineRecorder recorder)
    {
        if (_hilSources.Count < Config.Cameras.Count)
        {
            return false;
        }
        foreach ((string camera, IndexedFrameSource source) in _hilSources)
        {
            if (!source.Finished)
            {
                return false;
            }
            // No frames at all: a replay whose stream failed before its first.
            if (source.Pacing != FramePacing.Realtime && source.FrameCount > 0 && recorder.Gate(camera).Completed < (long)source.SequenceOf(source.FrameCount - 1))
            {
                return false;
            }
        }
        if (_hilSources.Values.Any(s => s.Pacing == FramePacing.Realtime))
        {
            // Realtime frames may be dropped: give the pipeline its deadline to finish the last one.
            Thread.Sleep(500);
        }
        return true;
    }

    private Dictionary<string, string> RecordingRecord(PipelineRecorder recorder)
    {
        var inv = CultureInfo.InvariantCulture;
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pacing"] = Pacing.ToString().ToLowerInvariant(),
            ["image_encoding"] = Recorder.Jpeg ? "jpeg" : "raw",
            ["cameras"] = string.Join(',', Config.Cameras.Select(c => c.Id)),
            ["images_dropped"] = recorder.ImagesDropped.ToString(inv),
        };
        foreach (CameraConfig c in Config.Cameras)
        {
            map["gate_timeouts." + c.Id] = recorder.Gate(c.Id).TimedOut.ToString(inv);
        }
        return map;
    }

    /// <summary>A model file's SHA-256; a builtin (generated by this binary) is named, as its bytes follow from the version.</summary>
    private static string ModelHash(ModelConfig model)
    {
        if (model.Path is { } path && File.Exists(path))
        {
            using FileStream stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        return "builtin:" + model.Builtin;
    }
}
