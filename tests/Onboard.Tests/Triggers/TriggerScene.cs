using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Triggers;

namespace Onboard.Tests.Triggers;

/// <summary>
/// A scripted camera for trigger tests: 30 fps frames of 1280×720 with detections and tracks set per frame by the
/// test, fed to a <see cref="CameraTriggers"/>; it records every firing. The clean scene is three well-lit signs of
/// classes 0–3 in turn, tracked and confirmed, on time, agreed on by the shadow.
/// </summary>
internal sealed class TriggerScene
{
    public const long FrameNs = 33_333_333;
    public const int Width = 1280, Height = 720;
    public static readonly string[] Classes = ["red_circle", "red_triangle", "blue_circle", "octagon"];

    private readonly Detection[] _detections = new Detection[16];
    private readonly TrackSnapshot[] _tracks = new TrackSnapshot[16];

    public TriggerScene(params TriggerConfig[] rules)
    {
        Triggers = new CameraTriggers("front", rules, Classes, 16, 64);
    }

    public CameraTriggers Triggers { get; }
    public List<TriggerFiring> Fired { get; } = [];
    public List<ClipWindow> Clips { get; } = [];
    public ulong Sequence { get; private set; }
    public long NowNs => 1_000_000_000L + (long)Sequence * FrameNs;

    public int DetectionCount { get; set; }
    public int TrackCount { get; set; }
    public bool Late { get; set; }
    public long InferNs { get; set; } = 10_000_000;

    public ref Detection Detection(int i) => ref _detections[i];
    public ref TrackSnapshot Track(int i) => ref _tracks[i];

    public static TriggerConfig Rule(TriggerKind kind) => new() { Id = TriggerKinds.Name(kind), Kind = kind, CooldownSeconds = 0, MaxPerHour = 100_000, MaxPerDay = 100_000 };

    /// <summary>Three confident signs (classes cycling per frame so every class is common), three confirmed tracks.</summary>
    public void Clean()
    {
        DetectionCount = 3;
        TrackCount = 3;
        Late = false;
        InferNs = 10_000_000;
        for (int i = 0; i < 3; i++)
        {
            int cls = (int)((Sequence + (ulong)i) % 4);
            var box = new BoxF(100 + 300 * i, 100, 160 + 300 * i, 160);
            _detections[i] = new Detection(box, 0.9f, cls, i);
            _tracks[i] = new TrackSnapshot { Id = (ulong)(i + 1), ClassId = i, Score = 0.9f, Box = box, State = TrackState.Confirmed, Hits = 10 };
        }
    }

    /// <summary>Evaluates the current frame (and its shadow: identical to the primary, unless given), then advances.</summary>
    public void Step(Detection[]? shadow = null)
    {
        var frame = new TriggerFrame
        {
            Sequence = Sequence,
            CaptureMonoNs = NowNs,
            CaptureUtcNs = 1_800_000_000_000_000_000L + NowNs,
            ImageWidth = Width,
            ImageHeight = Height,
            Detections = _detections.AsSpan(0, DetectionCount),
            Tracks = _tracks.AsSpan(0, TrackCount),
            Late = Late,
            InferNs = InferNs,
        };
        Triggers.OnFrame(frame);
        Collect();
        Triggers.OnShadow(Sequence, shadow ?? _detections.AsSpan(0, DetectionCount));
        Collect();
        if (Triggers.TakeClosed(NowNs) is { } closed)
        {
            Clips.Add(closed);
        }
        Sequence++;
    }

    /// <summary><paramref name="frames"/> frames of the clean scene, each changed by <paramref name="setUp"/> (which may give a shadow result).</summary>
    public void Run(int frames, Func<TriggerScene, Detection[]?>? setUp = null)
    {
        for (int i = 0; i < frames; i++)
        {
            Clean();
            Step(setUp?.Invoke(this));
        }
    }

    private void Collect()
    {
        foreach (TriggerFiring f in Triggers.Firings)
        {
            Fired.Add(f);
        }
    }
}
