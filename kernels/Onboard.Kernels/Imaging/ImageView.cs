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
        PixelFormatFacts facts = PixelFormatInfo.Of(format);
        if (stride == 0 && width > 0)
        {
            stride = PixelFormatInfo.MinStride(format, width);
        }
        if (facts.CheckSize(width, height, stride) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        long needed = facts.FrameBytes(height, stride);
        if (data.Length < needed)
        {
            throw new ArgumentException(
                $"buffer of {data.Length} bytes is shorter than a {width}x{height} {facts.Name} frame with stride {stride} ({needed} bytes)");
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
