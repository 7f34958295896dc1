namespace Onboard.Kernels.Device;

/// <summary>
/// Everything <see cref="PreprocessKernels"/> needs about one call that is not a buffer: the frame's geometry
/// and format, the region, the visible part of the resized image (from the host's resize plan), the channel
/// lanes and the tensor's shape. A plain struct of ints, so it passes to a kernel by value.
/// </summary>
public struct PreprocessParameters
{
    /// <summary>Frame height in rows and bytes per row (luma plane for 4:2:0).</summary>
    public int FrameHeight;
    public int Stride;

    /// <summary><see cref="Imaging.PixelFormat"/> as its number (kernels branch on ints).</summary>
    public int Format;

    /// <summary>Bytes per packed pixel the resize reads in place (3, 4, 1); 0 for YUV.</summary>
    public int PackedBytes;

    /// <summary>Top-left corner of the region inside the frame.</summary>
    public int RoiX;
    public int RoiY;

    /// <summary>The tensor's width and height.</summary>
    public int Width;
    public int Height;

    /// <summary>The resized image's visible columns and rows and where they start in the tensor (<c>ResizePlan</c>).</summary>
    public int Columns;
    public int Rows;
    public int FirstColumn;
    public int FirstRow;

    /// <summary>1 for the whole-factor box (INTER_AREA) taps, 0 for two-tap (linear, nearest, area upscale).</summary>
    public int Box;

    /// <summary>The byte lane of the BGRx pixel feeding tensor channel 0, 1, 2.</summary>
    public int Lane0;
    public int Lane1;
    public int Lane2;

    /// <summary>1 for NHWC, 0 for NCHW.</summary>
    public int Interleaved;

    /// <summary>Element offset of the batch item in the tensor.</summary>
    public long ItemOffset;

    /// <summary>The letterbox fill value in 8-bit units.</summary>
    public int PadValue;
}
