namespace Onboard.Kernels.Imaging;

/// <summary>
/// An <see cref="ImageView"/> pinned for the duration of one preprocessing call, as a plain struct so worker
/// threads can read it (a ref struct cannot cross threads). Built only from a validated view.
/// </summary>
internal readonly unsafe struct SourceFrame
{
    public SourceFrame(byte* data, long length, int width, int height, int stride, PixelFormat format)
    {
        Data = data;
        Length = length;
        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
    }

    public byte* Data { get; }
    public long Length { get; }
    public int Width { get; }
    public int Height { get; }
    public int Stride { get; }
    public PixelFormat Format { get; }

    /// <summary>Start of luma/packed row <paramref name="y"/>.</summary>
    public byte* Row(int y) => Data + (long)y * Stride;

    /// <summary>Bytes readable from the start of row <paramref name="y"/> to the end of the buffer.</summary>
    public long BytesFrom(int y) => Length - (long)y * Stride;
}
