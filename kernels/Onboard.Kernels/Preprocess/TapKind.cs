namespace Onboard.Kernels.Preprocess;

/// <summary>The coefficient formula OpenCV's resize code applies (see <see cref="ResizeTaps.Resolve"/>).</summary>
public enum TapKind
{
    /// <summary>Pixel-centre bilinear: <c>fx = (dx + 0.5)·scale − 0.5</c>.</summary>
    Linear,
    /// <summary>INTER_AREA while upscaling: <c>fx = (dx + 1) − (sx + 1)/scale</c>, fractional part.</summary>
    AreaLinear,
    /// <summary>INTER_NEAREST: <c>floor(dx·scale)</c>, one tap.</summary>
    Nearest,
}
