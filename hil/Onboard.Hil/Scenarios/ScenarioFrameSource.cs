using Onboard.Hil.Recording;
using Onboard.Hil.Recording.Contracts;
using Onboard.Kernels.Imaging;
using Onboard.Models.Synthetic;
using Onboard.Runtime.Primitives;
using Onboard.Hil.Sources;

namespace Onboard.Hil.Scenarios;

/// <summary>
/// A scenario as a camera (config kind <c>scenario</c>, and what <c>onboard hil run</c> drives): frame i is drawn
/// when it is taken, BGR24, sequence i, captured at i / fps after the start. Ground truth comes from the scenario's
/// geometry alone, so the recorder can ask for it on its own thread.
/// </summary>
public sealed class ScenarioFrameSource : IndexedFrameSource, IGroundTruthSource
{
    /// <summary>Lockstep's nominal clock: 2026-01-01T00:00:00Z, so every lockstep run of a scenario has the same times.</summary>
    public const long NominalEpochUtcNs = 1_767_225_600_000_000_000;

    private readonly ScenarioRenderer _renderer;
    private readonly byte[] _pixels;

    public ScenarioFrameSource(string cameraId, Scenario scenario, MonotonicClock clock, FramePacing pacing = FramePacing.Paced, FrameGate? gate = null)
        : base("scenario:" + scenario.Name, clock, pacing, gate)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        CameraId = cameraId;
        Scenario = scenario;
        _renderer = new ScenarioRenderer(scenario);
        _pixels = new byte[scenario.Width * scenario.Height * 3];
    }

    public string CameraId { get; }

    public Scenario Scenario { get; }

    public override long FrameCount => Scenario.FrameCount;

    public override ulong SequenceOf(long index) => (ulong)index;

    protected override long OffsetNs(long index) => (long)Math.Round(index * 1e9 / Scenario.FramesPerSecond);

    protected override (long MonoNs, long UtcNs) NominalTime(long index) => (1_000_000_000 + OffsetNs(index), NominalEpochUtcNs + OffsetNs(index));

    protected override byte[] Load(long index, out PixelFormat format, out int width, out int height, out int stride)
    {
        _renderer.Render(index).CopyTo(_pixels);
        (format, width, height, stride) = (PixelFormat.Bgr24, Scenario.Width, Scenario.Height, Scenario.Width * 3);
        return _pixels;
    }

    public void Truth(ulong sequence, GroundTruthList truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        Fill(new ScenarioGeometry(Scenario), (long)sequence, truth);
    }

    /// <summary>Frame <paramref name="frame"/>'s truth: every placed sign (hidden and tiny ones flagged ignore) and the events in force.</summary>
    public static void Fill(ScenarioGeometry geometry, long frame, GroundTruthList truth)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(truth);
        var placements = new List<SignPlacement>();
        geometry.Place(frame, placements);
        truth.ImageWidth = (uint)geometry.Scenario.Width;
        truth.ImageHeight = (uint)geometry.Scenario.Height;
        foreach (SignPlacement p in placements)
        {
            truth.Objects.Add(new TruthObject
            {
                Id = (uint)p.Sign.Id,
                ClassId = p.Sign.ClassId,
                ClassName = SyntheticSignCatalog.ClassNames[p.Sign.ClassId],
                X1 = p.Box.X1,
                Y1 = p.Box.Y1,
                X2 = p.Box.X2,
                Y2 = p.Box.Y2,
                Ignore = p.Ignore,
                DistanceM = (float)p.DistanceM,
            });
        }
        var events = new List<ScenarioEvent>();
        geometry.ActiveEvents(geometry.Scenario.TimeOf(frame), events);
        foreach (ScenarioEvent e in events)
        {
            truth.Events.Add(e.Name);
        }
    }

    public override void Dispose() => _renderer.Dispose();
}
