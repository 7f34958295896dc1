namespace Onboard.Hil.Scenes;

/// <summary>What scenes look like. Sign widths are in source pixels.</summary>
public sealed record SceneOptions
{
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;
    public int Seed { get; init; } = 1;
    public int MinSigns { get; init; } = 3;
    public int MaxSigns { get; init; } = 6;
    public double MinSignWidth { get; init; } = 28;
    public double MaxSignWidth { get; init; } = 230;

    /// <summary>Side of the square model input the scenes are made for: clearances between signs are
    /// computed at the letterbox scale this implies.</summary>
    public int ModelInputSize { get; init; } = 640;
}
