using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames;

/// <summary>
/// Checks a producer's claimed frame layout before anyone indexes pixels with it: every ingest path runs
/// the same checks on untrusted descriptors and headers, so a hostile or broken producer cannot make a
/// consumer read outside its buffer.
/// </summary>
public static class FrameGeometry
{
    /// <summary>Largest width or height accepted (keeps every size computation far from overflow).</summary>
    public const int MaxDimension = 16384;

    /// <summary>Largest row stride accepted: the widest row of the widest format, padded to twice its size.</summary>
    public const int MaxStride = 2 * 4 * MaxDimension;

    /// <summary>
    /// Null when <paramref name="format"/>, <paramref name="width"/>, <paramref name="height"/> and
    /// <paramref name="stride"/> describe a frame of at most <paramref name="capacity"/> bytes; otherwise the
    /// reason, with <paramref name="frameBytes"/> set when it could be computed.
    /// </summary>
    public static FrameRejectReason? Check(PixelFormat format, int width, int height, int stride, long capacity, out long frameBytes)
    {
        frameBytes = 0;
        if (!PixelFormatInfo.IsDefined(format))
        {
            return FrameRejectReason.UnknownFormat;
        }
        if (width <= 0 || height <= 0 || width > MaxDimension || height > MaxDimension || stride > MaxStride)
        {
            return FrameRejectReason.BadGeometry;
        }
        // The same size rules as the kernels' own ImageView, from the format's row of the table.
        if (PixelFormatInfo.Of(format).CheckSize(width, height, stride) is not null)
        {
            return FrameRejectReason.BadGeometry;
        }
        frameBytes = PixelFormatInfo.FrameBytes(format, width, height, stride);
        return frameBytes > capacity ? FrameRejectReason.DoesNotFit : null;
    }
}
