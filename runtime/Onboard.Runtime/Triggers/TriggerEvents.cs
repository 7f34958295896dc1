using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Triggers;

/// <summary>A firing as its wire message (<c>triggers/&lt;camera&gt;</c> and a clip's <c>/triggers</c>). Firings are rare: this allocates.</summary>
internal static class TriggerEvents
{
    public static TriggerEvent Build(in TriggerFiring firing, string modelId, string modelVersion)
    {
        var e = new TriggerEvent
        {
            Header = new FrameHeader
            {
                CameraId = firing.CameraId,
                Sequence = firing.Sequence,
                CaptureMonoNs = firing.CaptureMonoNs,
                CaptureUtcNs = firing.CaptureUtcNs,
                ModelId = modelId,
                ModelVersion = modelVersion,
            },
            TriggerId = firing.Rule.Id,
            Kind = TriggerKinds.Name(firing.Rule.Kind),
            Priority = firing.Rule.Priority,
            ClipId = firing.ClipId ?? "",
            Suppressed = firing.Suppressed,
            SuppressedReason = firing.Reason ?? "",
            Note = firing.Note ?? "",
            TrackId = firing.Measure.TrackId,
        };
        for (int i = 0; i < firing.Measure.Count; i++)
        {
            (string name, double value) = firing.Measure[i];
            e.Values.Add(new TriggerValue { Name = name, Value = value });
        }
        return e;
    }
}
