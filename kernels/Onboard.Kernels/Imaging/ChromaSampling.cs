namespace Onboard.Kernels.Imaging;

/// <summary>How a pixel format stores colour: per pixel, or luma with shared chroma.</summary>
public enum ChromaSampling
{
    /// <summary>Every pixel carries all its channels (BGR, RGB, BGRA, RGBA, gray).</summary>
    None,
    /// <summary>4:2:0 planar: a luma plane, then chroma at half width and half height (width and height even).</summary>
    Yuv420,
    /// <summary>4:2:2 packed: pairs of pixels share one U and one V (width even).</summary>
    Yuv422,
}
