namespace Onboard.Kernels.Postprocess.Text;

/// <summary>DBNet post-processing settings. Defaults are PP-OCRv4 det's (its config's DBPostProcess).</summary>
public sealed record DbNetOptions
{
    /// <summary>A pixel is text when its probability is above this.</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>A region is kept when the mean probability inside its rectangle is at least this.</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>The shrunk region is grown back by <c>area × ratio / perimeter</c> on every side.</summary>
    public float UnclipRatio { get; init; } = 1.5f;

    /// <summary>Regions examined at most, in raster order.</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Regions whose rectangle's short side is below this (map pixels) are noise; after unclipping the limit is this + 2.</summary>
    public float MinSize { get; init; } = 3;
}
