namespace Onboard.Kernels.Imaging;

/// <summary>
/// Everything the project knows about one <see cref="PixelFormat"/>, in one row of <see cref="PixelFormatInfo"/>'s
/// table: its CLI/config/wire name, memory layout, how the preprocessing kernel reads it, and its names in ffmpeg
/// and OpenCV. A new format is a new enum member, a row here and its conversion in the YUV or packed readers.
/// </summary>
/// <param name="Format">The enum member this row describes.</param>
/// <param name="Name">The CLI/config spelling (<c>bgr24</c>, <c>nv12</c> …), also in logs and the ring's README.</param>
/// <param name="BytesPerPixel">Bytes one pixel takes in the first (or only) plane's row.</param>
/// <param name="Chroma">Per-pixel colour, or shared chroma (which sets the size rules and the frame size).</param>
/// <param name="PackedBytes">Bytes per pixel the resize reads in place (3, 4, 1); 0 for YUV formats, converted to BGRx rows first.</param>
/// <param name="RedFirst">Byte 0 of a pixel is red (RGB/RGBA): the kernel swaps lanes to reach the tensor's order.</param>
/// <param name="EvenStride">The stride must be even (I420's chroma planes use stride/2).</param>
/// <param name="FfmpegName">ffmpeg's rawvideo <c>-pix_fmt</c>.</param>
/// <param name="OpenCvToBgr">The <c>cv2.cvtColor</c> code that makes BGR of it (0: it is BGR already), the oracle's conversion.</param>
public sealed record PixelFormatFacts(
    PixelFormat Format,
    string Name,
    int BytesPerPixel,
    ChromaSampling Chroma,
    int PackedBytes,
    bool RedFirst,
    bool EvenStride,
    string FfmpegName,
    int OpenCvToBgr)
{
    /// <summary>Width must be even (any shared chroma pairs columns).</summary>
    public bool EvenWidth => Chroma != ChromaSampling.None;

    /// <summary>Height must be even (4:2:0 pairs rows).</summary>
    public bool EvenHeight => Chroma == ChromaSampling.Yuv420;

    /// <summary>
    /// Bytes a frame occupies with row stride <paramref name="stride"/>: for 4:2:0 the luma plane is followed by chroma
    /// rows of the same stride (NV12/NV21: H/2 rows; I420: H/2 rows holding both U and V at half stride).
    /// </summary>
    public long FrameBytes(int height, int stride) =>
        Chroma == ChromaSampling.Yuv420 ? (long)stride * height * 3 / 2 : (long)stride * height;

    /// <summary>Null when a <paramref name="width"/>×<paramref name="height"/> frame with <paramref name="stride"/> is legal; otherwise why not.</summary>
    public string? CheckSize(int width, int height, int stride)
    {
        if (width <= 0 || height <= 0)
        {
            return $"image size must be positive, got {width}x{height}";
        }
        long minStride = (long)width * BytesPerPixel;
        if (stride < minStride)
        {
            return $"stride {stride} is shorter than one row of {width} {Name} pixels ({minStride} bytes)";
        }
        if (EvenHeight && ((width | height) & 1) != 0)
        {
            return $"{Name} needs even width and height (4:2:0 chroma), got {width}x{height}";
        }
        if (EvenWidth && (width & 1) != 0)
        {
            return $"{Name} needs an even width (4:2:2 chroma), got {width}";
        }
        if (EvenStride && (stride & 1) != 0)
        {
            return $"{Name} needs an even stride (its chroma planes use stride/2), got {stride}";
        }
        return null;
    }
}
