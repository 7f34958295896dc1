namespace Onboard.Hil.Scenarios;

/// <summary>
/// A drive past road signs (issue 14): a pinhole camera <see cref="CameraHeightM"/> above a straight road moving at
/// <see cref="EgoSpeedMps"/>, signs that approach in perspective on both sides, and long-tail events over time
/// ranges. Everything drawn is a function of (scenario, frame index): a seed gives the same frames and truth.
/// Read from JSON by <see cref="ScenarioReader"/> (the fields: hil/Onboard.Hil/Scenarios/README.md).
/// </summary>
public sealed record Scenario
{
    public string Name { get; init; } = "scenario";
    public int Seed { get; init; } = 1;
    public int Width { get; init; } = 640;
    public int Height { get; init; } = 360;
    public double FramesPerSecond { get; init; } = 10;
    public double DurationS { get; init; } = 10;
    public double EgoSpeedMps { get; init; } = 12;

    /// <summary>Focal length in pixels (square pixels, principal point at the image centre).</summary>
    public double FocalPx { get; init; } = 480;
    public double CameraHeightM { get; init; } = 1.4;

    /// <summary>Boxes narrower than this are drawn but not scored (ground truth <c>ignore</c>).</summary>
    public double MinBoxPx { get; init; } = 12;

    public IReadOnlyList<ScenarioSign> Signs { get; init; } = [];
    public IReadOnlyList<ScenarioEvent> Events { get; init; } = [];

    public int FrameCount => (int)Math.Round(DurationS * FramesPerSecond);

    public double TimeOf(long frame) => frame / FramesPerSecond;
}
