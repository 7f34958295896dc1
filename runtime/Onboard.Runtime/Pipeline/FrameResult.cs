using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Stage = Onboard.Runtime.Messaging.Contracts.Stage;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Everything the pipeline learns about one frame: identity, capture times, per-stage timestamps and the
/// detections. Preallocated once per pipeline slot and overwritten for each frame it carries.
/// </summary>
internal sealed class FrameResult
{
    /// <summary>
    /// Stages that stamp a frame, indexed by <see cref="Stage"/> value: the enum's member count (its values are
    /// 0..N−1, checked by a test), not its last member, so a new stage cannot silently fall off the end.
    /// </summary>
    public static readonly int StageSlots = Enum.GetValues<Stage>().Length;

    private readonly long[] _start = new long[StageSlots];
    private readonly long[] _end = new long[StageSlots];

    public FrameResult(int maxDetections, TrackerSettings? tracker = null)
    {
        Detections = new Detection[maxDetections];
        Tracks = tracker is null ? null : new TrackSet(tracker);
    }

    public string CameraId { get; set; } = "";
    public ulong Sequence { get; set; }
    public long CaptureMonoNs { get; set; }
    public long CaptureUtcNs { get; set; }
    /// <summary>Capture + the camera's deadline (monotonic ns); 0 for no deadline.</summary>
    public long DeadlineMonoNs { get; set; }
    /// <summary>Set at publishing when the frame went out after its deadline.</summary>
    public bool Late { get; set; }
    public int ImageWidth { get; set; }
    public int ImageHeight { get; set; }

    /// <summary>Detections in source pixels, best first; the first <see cref="DetectionCount"/> are valid.</summary>
    public Detection[] Detections { get; }
    public int DetectionCount { get; set; }

    public ReadOnlySpan<Detection> ValidDetections => Detections.AsSpan(0, DetectionCount);

    /// <summary>The camera tracker's tracks after this frame (null when the camera does not track); empty until tracked.</summary>
    public TrackSet? Tracks { get; }

    /// <summary>Clears timestamps before the frame enters the pipeline.</summary>
    public void Reset()
    {
        Array.Clear(_start);
        Array.Clear(_end);
        DetectionCount = 0;
        Tracks?.Clear();
        DeadlineMonoNs = 0;
        Late = false;
    }

    public void Stamp(Stage stage, long startNs, long endNs)
    {
        _start[(int)stage] = startNs;
        _end[(int)stage] = endNs;
    }

    public bool HasStage(Stage stage) => _end[(int)stage] != 0;
    public long StageStart(Stage stage) => _start[(int)stage];
    public long StageEnd(Stage stage) => _end[(int)stage];
}
