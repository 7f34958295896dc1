namespace Onboard.Runtime.Triggers;

/// <summary>
/// The time span of one clip on one camera: opened by an admitted firing ([t − preSeconds, t + postSeconds]),
/// widened by every admitted firing that comes while it is open (overlapping windows make one clip), closed once a
/// frame — or the recorder's clock — is past <see cref="EndMonoNs"/>. Its priority is the highest of its firings'.
/// Made once per clip (a rare path), owned by the evaluating thread until it closes, then by the recorder.
/// </summary>
internal sealed class ClipWindow(string clipId, string cameraId)
{
    public string ClipId { get; } = clipId;
    public string CameraId { get; } = cameraId;
    public long StartMonoNs { get; internal set; }
    public long EndMonoNs { get; internal set; }
    public int Priority { get; internal set; }

    /// <summary>Every firing in the clip, suppressed ones included (they happened inside it), in order.</summary>
    public List<TriggerFiring> Firings { get; } = [];

    /// <summary>The ids of the rules whose admitted firings cut or widened it, each once, in order.</summary>
    public List<string> TriggerIds { get; } = [];
}
