using Onboard.Kernels.Imaging;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>Seeded random frames in our memory layout, row padding included (filled with noise too).</summary>
public static class TestFrames
{
    public static readonly PixelFormat[] AllFormats = Enum.GetValues<PixelFormat>();

    public static bool NeedsEvenSize(PixelFormat f) => PixelFormatInfo.Of(f).EvenHeight;

    public static bool NeedsEvenWidth(PixelFormat f) => PixelFormatInfo.Of(f).EvenWidth;

    /// <summary>Rounds a size up to what the format allows.</summary>
    public static (int Width, int Height) Fit(PixelFormat f, int w, int h) =>
        (NeedsEvenWidth(f) ? (w + 1) & ~1 : w, NeedsEvenSize(f) ? (h + 1) & ~1 : h);

    /// <summary>A frame of <paramref name="w"/>x<paramref name="h"/> with <paramref name="extraStride"/> spare bytes per row.</summary>
    public static byte[] Random(PixelFormat f, int w, int h, int extraStride, int seed, out int stride)
    {
        stride = PixelFormatInfo.MinStride(f, w) + extraStride;
        if (f == PixelFormat.I420)
        {
            stride = (stride + 1) & ~1;
        }
        var data = new byte[PixelFormatInfo.FrameBytes(f, w, h, stride)];
        new Random(seed).NextBytes(data);
        return data;
    }
}
