using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// Fills each camera's Health with its trigger rules' counts (<c>triggers</c>, field 44) and its recorder's
/// (<c>clips</c>, 45). Runs on the publish thread; each camera's Health message is reused between reports, so its
/// sub-messages are made on the first report and updated in place after: a report allocates nothing.
/// </summary>
internal sealed class TriggerHealthReporter : IHealthContributor
{
    private readonly Dictionary<string, (CameraTriggers Triggers, CameraRecorder? Recorder)> _cameras = new(StringComparer.Ordinal);
    private readonly Func<int> _tempFilesRemoved;

    public TriggerHealthReporter(Func<int> tempFilesRemoved)
    {
        _tempFilesRemoved = tempFilesRemoved;
    }

    /// <summary>Before the publisher starts.</summary>
    public void Add(CameraTriggers triggers, CameraRecorder? recorder) => _cameras[triggers.CameraId] = (triggers, recorder);

    public void Contribute(Health health)
    {
        ArgumentNullException.ThrowIfNull(health);
        if (!_cameras.TryGetValue(health.CameraId, out var camera))
        {
            return;
        }
        CameraTriggers triggers = camera.Triggers;
        if (health.Triggers.Count != triggers.RuleCount)
        {
            health.Triggers.Clear();
            for (int i = 0; i < triggers.RuleCount; i++)
            {
                health.Triggers.Add(new TriggerHealth { TriggerId = triggers.RuleAt(i).Id, Kind = TriggerKinds.Name(triggers.RuleAt(i).Kind) });
            }
        }
        for (int i = 0; i < triggers.RuleCount; i++)
        {
            TriggerCounters c = triggers.CountersAt(i);
            TriggerHealth h = health.Triggers[i];
            h.Fired = (ulong)c.Fired;
            h.SuppressedCooldown = (ulong)c.SuppressedByCooldown;
            h.SuppressedBudget = (ulong)c.SuppressedByBudget;
            h.ClipsWritten = (ulong)c.ClipsWritten;
        }
        if (camera.Recorder is not { } recorder)
        {
            return;
        }
        ClipRecorderHealth clips = health.Clips ??= new ClipRecorderHealth();
        RecorderCounters r = recorder.Counters;
        clips.BufferedFrames = (uint)r.Frames;
        clips.BufferedBytes = (ulong)r.Bytes;
        clips.FramesEvicted = (ulong)r.FramesEvicted;
        clips.FramesDropped = (ulong)recorder.FramesDropped;
        clips.EncodeErrors = (ulong)r.EncodeErrors;
        clips.FramesEncoded = (ulong)r.FramesEncoded;
        clips.ClipsWritten = (ulong)r.ClipsWritten;
        clips.ClipWriteErrors = (ulong)r.ClipWriteErrors;
        clips.ClipsRefused = (ulong)r.ClipsRefused;
        clips.ClipsEvicted = (ulong)r.ClipsEvicted;
        clips.TempFilesRemoved = (uint)_tempFilesRemoved();
    }
}
