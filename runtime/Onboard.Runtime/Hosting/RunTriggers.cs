using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Config;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// The run config's trigger rules without clips, for a rig whose recording already holds every frame (hil's
/// record and replay): each camera's rules on its publish thread through the seam <see cref="RunClips"/> uses,
/// every firing published on <c>triggers/&lt;camera&gt;</c>, their counts in Health; nothing is written into
/// <c>clips.spool</c>. Public as the seam; the triggers themselves stay internal.
/// </summary>
public static class RunTriggers
{
    /// <summary>Before <see cref="PipelineHost.Start"/>; nothing when the config has no triggers.</summary>
    public static void AddWithoutClips(RunConfig config, PipelineHost host)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(host);
        if (config.Triggers.Count == 0)
        {
            return;
        }
        var reporter = new TriggerHealthReporter(() => 0);
        foreach ((CameraPipeline camera, CameraTriggers triggers) in PerCamera(config, host))
        {
            host.AddTriggers(camera, triggers, recorder: null);
            reporter.Add(triggers, recorder: null);
        }
        host.AddHealthContributor(reporter);
    }

    /// <summary>Each camera of <paramref name="host"/> that at least one of the config's rules applies to, with its rules.</summary>
    internal static IEnumerable<(CameraPipeline Camera, CameraTriggers Triggers)> PerCamera(RunConfig config, PipelineHost host)
    {
        foreach (CameraPipeline camera in host.Cameras)
        {
            EngineInfo info = camera.Engine.Info;
            var triggers = new CameraTriggers(camera.CameraId, config.Triggers, info.ClassNames, info.MaxDetections, camera.Tracking?.MaxTracks ?? 0);
            if (triggers.RuleCount > 0)
            {
                yield return (camera, triggers);
            }
        }
    }
}
