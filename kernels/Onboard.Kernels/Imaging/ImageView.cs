namespace Onboard.Kernels.Imaging;

/// <summary>
/// A read-only view of one frame's pixels: the bytes, their format and geometry. Constructing it
/// validates that every row the kernels will read lies inside <see cref="Data"/>, so kernels can index
/// without further bounds reasoning.
/// </summary>
public readonly ref struct ImageView
{
    public ReadOnlySpan<byte> Data { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>Bytes from the start of one row to the next (luma plane for 4:2:0 formats).</summary>
    public int Stride { get; }
    public PixelFormat Format { get; }

    public ImageView(ReadOnlySpan<byte> data, int width, int height, PixelFormat format, int stride = 0)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"image size must be positive, got {width}x{height}");
        }
        int minStride = PixelFormatInfo.MinStride(format, width);
        if (stride == 0)
        {
            stride = minStride;
        }
        if (stride < minStride)
        {
            throw new ArgumentException(
                $"stride {stride} is shorter than one row of {width} {PixelFormatInfo.Name(format)} pixels ({minStride} bytes)");
        }
        if (PixelFormatInfo.IsPlanar420(format) && ((width & 1) != 0 || (height & 1) != 0))
        {
            throw new ArgumentException(
                $"{PixelFormatInfo.Name(format)} needs even width and height (4:2:0 chroma), got {width}x{height}");
        }
        if (format is PixelFormat.Yuyv or PixelFormat.Uyvy && (width & 1) != 0)
        {
            throw new ArgumentException($"{PixelFormatInfo.Name(format)} needs an even width (4:2:2 chroma), got {width}");
        }
        if (format == PixelFormat.I420 && (stride & 1) != 0)
        {
            throw new ArgumentException($"i420 needs an even stride (its chroma planes use stride/2), got {stride}");
        }
        long needed = PixelFormatInfo.FrameBytes(format, width, height, stride);
        if (data.Length < needed)
        {
            throw new ArgumentException(
                $"buffer of {data.Length} bytes is shorter than a {width}x{height} {PixelFormatInfo.Name(format)} frame with stride {stride} ({needed} bytes)");
        }
        Data = data;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    /// <summary>One row of the first plane.</summary>
    public ReadOnlySpan<byte> Row(int y) => Data.Slice(y * Stride, PixelFormatInfo.MinStride(Format, Width));
}
