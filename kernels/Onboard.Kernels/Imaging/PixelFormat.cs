namespace Onboard.Kernels.Imaging;

/// <summary>Pixel layouts a camera can deliver. Names follow the byte order in memory.</summary>
public enum PixelFormat
{
    Bgr24,
    Rgb24,
    Bgra32,
    Rgba32,
    Gray8,
    /// <summary>Y plane, then interleaved U,V plane at half resolution (4:2:0).</summary>
    Nv12,
    /// <summary>Y plane, then interleaved V,U plane at half resolution (4:2:0).</summary>
    Nv21,
    /// <summary>Y plane, then U plane, then V plane, each chroma plane at half resolution (4:2:0).</summary>
    I420,
    /// <summary>Packed 4:2:2: Y0 U Y1 V.</summary>
    Yuyv,
    /// <summary>Packed 4:2:2: U Y0 V Y1.</summary>
    Uyvy,
}
