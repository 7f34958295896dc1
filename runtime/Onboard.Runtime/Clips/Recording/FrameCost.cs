namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// What one buffered frame costs in memory, for sizing the pre-buffer before the run (config check) and for the
/// README: a JPEG of the recorded size plus its detections, tracks and annotations. The JPEG part is a per-pixel
/// bound: at quality 85 the sim camera's 1280×720 scenes take 0.10 B per pixel with OpenCV 4.13's encoder (0.12 here;
/// <c>FrameCostTests</c> checks the bound at 50, 85, 90 and 95); at run time the buffer counts real bytes.
/// </summary>
internal static class FrameCost
{
    /// <summary>Detections, tracks, shadow and annotations of one frame, and the entry's own fields.</summary>
    public const int MetadataBytes = 4 * 1024;

    /// <summary>JPEG bytes per pixel at <paramref name="quality"/>: an upper bound for the sim scenes (see the class).</summary>
    public static double JpegBytesPerPixel(int quality) => quality switch
    {
        <= 50 => 0.06,
        <= 75 => 0.09,
        <= 85 => 0.12,
        <= 90 => 0.18,
        <= 95 => 0.30,
        _ => 0.45,
    };

    /// <summary>The recorded size: downscaled to <paramref name="clipWidth"/> (aspect kept, even) when it is set and smaller.</summary>
    public static (int Width, int Height) Recorded(int width, int height, int clipWidth)
    {
        if (clipWidth <= 0 || clipWidth >= width)
        {
            return (width, height);
        }
        int h = (int)Math.Round((double)height * clipWidth / width);
        return (clipWidth, Math.Max(2, h & ~1));
    }

    public static long BytesPerFrame(int width, int height, int quality) =>
        (long)Math.Ceiling(width * (double)height * JpegBytesPerPixel(quality)) + MetadataBytes;

    /// <summary>Seconds of frames that <paramref name="bufferBytes"/> holds.</summary>
    public static double Seconds(long bufferBytes, int width, int height, double fps, int quality) =>
        bufferBytes / (BytesPerFrame(width, height, quality) * fps);
}
