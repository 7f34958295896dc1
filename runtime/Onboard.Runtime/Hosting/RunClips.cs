using System.Security.Cryptography;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Config;
using Onboard.Runtime.Diagnostics;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Triggers;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// The triggers and clip recorders of <c>onboard run</c> (issue 12): per camera with rules, its
/// <see cref="CameraTriggers"/> on the publish thread and a <see cref="CameraRecorder"/> writing clips into
/// <c>clips.spool</c> — encrypted into the upload spool when <c>upload</c> is configured, plaintext otherwise — the
/// <c>trigger</c> verb on the control socket, and their numbers in Health. Prints <c>clips ready …</c>.
/// Public as the one seam over the recorders, the clip stores and the triggers, which stay internal.
/// </summary>
public sealed class RunClips : IDisposable
{
    private readonly List<CameraRecorder> _recorders = [];

    private RunClips()
    {
    }

    /// <summary>Before <see cref="PipelineHost.Start"/>; nothing at all when the config has no triggers.</summary>
    public static RunClips Start(RunConfig config, string configFile, PipelineHost host, RunServices services, TextWriter log, TextWriter output)
    {
        var clips = new RunClips();
        if (config.Triggers.Count == 0)
        {
            return clips;
        }
        IClipStore store = services.Uploader is { } uploader
            ? new UploadClipStore(uploader, services.CloudKey!)
            : PlainClipStore.Open(config.Clips.Spool, SpoolQuota.FromMegabytes(config.Clips.QuotaMb));
        var source = new ClipSource(config.Upload?.VehicleId ?? "", SystemInfo.OnboardVersion,
            Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(configFile))), Models(config, host));
        var reporter = new TriggerHealthReporter(() => store.TempFilesRemoved);
        var cameras = new List<CameraTriggers>();
        foreach ((CameraPipeline camera, CameraTriggers triggers) in RunTriggers.PerCamera(config, host))
        {
            EngineInfo info = camera.Engine.Info;
            var recorder = new CameraRecorder(new RecorderOptions
            {
                CameraId = camera.CameraId,
                PreBufferBytes = (long)(config.Clips.PreBufferMb * 1024 * 1024),
                JpegQuality = config.Clips.JpegQuality,
                Width = config.Clips.Width,
                Primary = info,
                Shadow = info.Shadow,
                MaxTracks = camera.Tracking?.MaxTracks ?? 0,
            }, triggers, store, source, log.WriteLine);
            clips._recorders.Add(recorder);
            cameras.Add(triggers);
            reporter.Add(triggers, recorder);
            host.AddTriggers(camera, triggers, recorder);
            recorder.Start();
        }
        host.AddHealthContributor(reporter);
        if (services.Control is { } control)
        {
            TriggerControl.Register(control, cameras);
        }
        output.WriteLine($"clips ready spool={store.Directory} triggers={string.Join(",", config.Triggers.Select(t => t.Id))} temp-files-removed={store.TempFilesRemoved}");
        return clips;
    }

    /// <summary>After the pipelines stopped: writes the clips still open and stops the recorders.</summary>
    public void Dispose()
    {
        foreach (CameraRecorder r in _recorders)
        {
            r.Dispose();
        }
        _recorders.Clear();
    }

    private static List<ClipModelLineage> Models(RunConfig config, PipelineHost host)
    {
        var models = new List<ClipModelLineage>();
        foreach (CameraPipeline camera in host.Cameras)
        {
            CameraConfig c = config.Cameras.First(x => x.Id == camera.CameraId);
            Add(models, c.Model, camera.Engine.Info);
            if (c.Shadow is { } shadow && camera.Engine.Info.Shadow is { } info)
            {
                Add(models, shadow.Model, info);
            }
        }
        return models;
    }

    private static void Add(List<ClipModelLineage> models, string name, EngineInfo info)
    {
        if (!models.Exists(m => m.Name == name))
        {
            models.Add(new ClipModelLineage(name, info.ModelId, info.ModelVersion, info.Sha256, info.Providers.Chosen));
        }
    }
}
