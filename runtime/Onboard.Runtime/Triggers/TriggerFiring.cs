using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// One firing of one rule on one camera: the frame it fired on, the values that made it, and what became of it —
/// in clip <see cref="ClipId"/>, or suppressed (<see cref="Suppressed"/>, <see cref="Reason"/>).
/// </summary>
internal struct TriggerFiring
{
    public TriggerConfig Rule;
    public string CameraId;
    public ulong Sequence;
    public long CaptureMonoNs;
    public long CaptureUtcNs;
    public TriggerMeasure Measure;
    public TriggerSuppression Suppressed;
    public string? Reason;
    public string? ClipId;
    public string Note;
}
