using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Imaging;

/// <summary>
/// One image's pixels in a managed array, with their format and geometry: what <see cref="ImageCodec"/>
/// decodes to and what a raw frame file is read into. Validated on construction (every row inside
/// <see cref="Data"/>), so <see cref="View"/> hands the kernels a span, never an OpenCV Mat.
/// </summary>
public sealed class ImageBuffer
{
    public ImageBuffer(byte[] data, int width, int height, PixelFormat format, int stride = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        var view = new ImageView(data, width, height, format, stride); // throws ArgumentException naming what is wrong
        Data = data;
        Width = width;
        Height = height;
        Format = format;
        Stride = view.Stride;
    }

    public byte[] Data { get; }
    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }

    /// <summary>Bytes from one row to the next (luma plane for 4:2:0 formats).</summary>
    public int Stride { get; }

    /// <summary>The pixels as the kernels read them.</summary>
    public ImageView View => new(Data, Width, Height, Format, Stride);
}
