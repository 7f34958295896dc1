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
    /// <summary>
    /// INTER_AREA shrinking by whole factors other than 2×2: the box sum times <c>1f/area</c>, rounded half to
    /// even (OpenCV's resizeAreaFast). Not two taps: <see cref="ResizeTaps.BoxFactor"/> gives the box.
    /// </summary>
    Box,
}
