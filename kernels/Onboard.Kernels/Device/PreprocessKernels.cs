using ILGPU;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Device;

/// <summary>
/// The device twin of <see cref="Preprocess.FramePreprocessor"/>: one thread per tensor pixel computes the three
/// 8-bit values OpenCV's cvtColor → resize → copyMakeBorder gives it, with the host kernel's integer arithmetic
/// ported exactly (<see cref="YuvToBgr"/>'s 20-bit BT.601, <c>HorizontalResize</c>'s <c>(S·a0 + S'·a1) &gt;&gt; 4</c>,
/// <c>VerticalResize</c>'s <c>((h0·b0 &gt;&gt; 16) + (h1·b1 &gt;&gt; 16) + 2) &gt;&gt; 2</c>, <c>BoxResize</c>'s sums), so 8-bit
/// results are bit-identical to the host on any device. Float and half elements are read from a 256-entry table
/// per channel that the host filled with <see cref="MathF.FusedMultiplyAdd(float, float, float)"/> — the host
/// kernel's rounding — so they are bit-identical too, where a GPU compiler free to contract or not contract
/// <c>v·a + b</c> would otherwise differ in the last bit. Rows and columns whose weight is 0 add 0, so unlike the
/// host this computes them instead of branching. Kernel code: <c>XMath</c>-free integer arithmetic and no BCL calls
/// (some do not compile in kernels, DESIGN §4).
/// </summary>
public static class PreprocessKernels
{
    private const int Nv12 = (int)PixelFormat.Nv12;
    private const int Nv21 = (int)PixelFormat.Nv21;
    private const int I420 = (int)PixelFormat.I420;
    private const int Uyvy = (int)PixelFormat.Uyvy;

    /// <summary>float32 tensor (element bits from the table).</summary>
    public static void Float32(Index2D index, PreprocessParameters p, ArrayView<byte> frame, PreprocessTaps taps, ArrayView<uint> tensor)
    {
        int bgr = Pixel(index.X, index.Y, p, frame, taps);
        long at = p.Interleaved != 0 ? p.ItemOffset + 3L * ((long)index.Y * p.Width + index.X) : p.ItemOffset + (long)index.Y * p.Width + index.X;
        long step = p.Interleaved != 0 ? 1 : (long)p.Width * p.Height;
        tensor[at] = taps.Values[Channel(bgr, p.Lane0)];
        tensor[at + step] = taps.Values[256 + Channel(bgr, p.Lane1)];
        tensor[at + 2 * step] = taps.Values[512 + Channel(bgr, p.Lane2)];
    }

    /// <summary>float16 tensor (element bits from the table).</summary>
    public static void Float16(Index2D index, PreprocessParameters p, ArrayView<byte> frame, PreprocessTaps taps, ArrayView<ushort> tensor)
    {
        int bgr = Pixel(index.X, index.Y, p, frame, taps);
        long at = p.Interleaved != 0 ? p.ItemOffset + 3L * ((long)index.Y * p.Width + index.X) : p.ItemOffset + (long)index.Y * p.Width + index.X;
        long step = p.Interleaved != 0 ? 1 : (long)p.Width * p.Height;
        tensor[at] = (ushort)taps.Values[Channel(bgr, p.Lane0)];
        tensor[at + step] = (ushort)taps.Values[256 + Channel(bgr, p.Lane1)];
        tensor[at + 2 * step] = (ushort)taps.Values[512 + Channel(bgr, p.Lane2)];
    }

    /// <summary>uint8 tensor: the pixel values themselves.</summary>
    public static void UInt8(Index2D index, PreprocessParameters p, ArrayView<byte> frame, PreprocessTaps taps, ArrayView<byte> tensor)
    {
        int bgr = Pixel(index.X, index.Y, p, frame, taps);
        long at = p.Interleaved != 0 ? p.ItemOffset + 3L * ((long)index.Y * p.Width + index.X) : p.ItemOffset + (long)index.Y * p.Width + index.X;
        long step = p.Interleaved != 0 ? 1 : (long)p.Width * p.Height;
        tensor[at] = (byte)Channel(bgr, p.Lane0);
        tensor[at + step] = (byte)Channel(bgr, p.Lane1);
        tensor[at + 2 * step] = (byte)Channel(bgr, p.Lane2);
    }

    private static int Channel(int pixel, int lane) => (pixel >> (8 * lane)) & 0xFF;

    /// <summary>Tensor pixel (<paramref name="ox"/>, <paramref name="oy"/>) as a packed word: memory-order channel k in byte k.</summary>
    private static int Pixel(int ox, int oy, in PreprocessParameters p, ArrayView<byte> frame, in PreprocessTaps taps)
    {
        int i = ox - p.FirstColumn;
        int j = oy - p.FirstRow;
        if (i < 0 || i >= p.Columns || j < 0 || j >= p.Rows)
        {
            return p.PadValue * 0x010101;
        }
        return p.Box != 0 ? BoxPixel(i, j, p, frame, taps) : LinearPixel(i, j, p, frame, taps);
    }

    /// <summary>Two taps per axis: OpenCV's separable fixed-point resize for one pixel (nearest is the case a1 = b1 = 0).</summary>
    private static int LinearPixel(int i, int j, in PreprocessParameters p, ArrayView<byte> frame, in PreprocessTaps taps)
    {
        int sx0 = taps.X0[i];
        int sx1 = taps.X1[i];
        int a0 = taps.WeightX0[i];
        int a1 = taps.WeightX1[i];
        int b0 = taps.WeightY0[j];
        int b1 = taps.WeightY1[j];
        int sy0 = taps.Y0[j];
        int sy1 = taps.Y1[j];
        int p00 = Source(sx0, sy0, p, frame);
        int p01 = Source(sx1, sy0, p, frame);
        int p10 = Source(sx0, sy1, p, frame);
        int p11 = Source(sx1, sy1, p, frame);
        int result = 0;
        for (int k = 0; k < 3; k++)
        {
            int shift = 8 * k;
            int h0 = ((((p00 >> shift) & 0xFF) * a0) + (((p01 >> shift) & 0xFF) * a1)) >> 4;
            int h1 = ((((p10 >> shift) & 0xFF) * a0) + (((p11 >> shift) & 0xFF) * a1)) >> 4;
            int v = (((h0 * b0) >> 16) + ((h1 * b1) >> 16) + 2) >> 2;
            result |= Saturate(v) << shift;
        }
        return result;
    }

    /// <summary>OpenCV's whole-factor INTER_AREA: the integer box sum times <c>1f/area</c>, rounded half to even.</summary>
    private static int BoxPixel(int i, int j, in PreprocessParameters p, ArrayView<byte> frame, in PreprocessTaps taps)
    {
        int x0 = taps.X0[i];
        int kx = taps.X1[0] - taps.X0[0] + 1;
        int y0 = taps.Y0[j];
        int ky = taps.Y1[j] - y0 + 1;
        int s0 = 0, s1 = 0, s2 = 0;
        for (int t = 0; t < ky; t++)
        {
            for (int u = 0; u < kx; u++)
            {
                int px = Source(x0 + u, y0 + t, p, frame);
                s0 += px & 0xFF;
                s1 += (px >> 8) & 0xFF;
                s2 += (px >> 16) & 0xFF;
            }
        }
        float scale = 1f / (kx * ky);
        return RoundHalfEven(s0 * scale) | (RoundHalfEven(s1 * scale) << 8) | (RoundHalfEven(s2 * scale) << 16);
    }

    /// <summary><c>saturate_cast&lt;uchar&gt;</c> of a non-negative float, half to even, in plain arithmetic.</summary>
    private static int RoundHalfEven(float value)
    {
        int whole = (int)value; // value ≥ 0: truncation is floor
        float fraction = value - whole;
        if (fraction > 0.5f || (fraction == 0.5f && (whole & 1) != 0))
        {
            whole++;
        }
        return Saturate(whole);
    }

    private static int Saturate(int v) => v < 0 ? 0 : v > 255 ? 255 : v;

    /// <summary>
    /// Region pixel (<paramref name="sx"/>, <paramref name="sy"/>) as the host's resize reads it: packed bytes in memory
    /// order (gray in all three), YUV converted to BGR with the host's integer arithmetic.
    /// </summary>
    private static int Source(int sx, int sy, in PreprocessParameters p, ArrayView<byte> frame)
    {
        int x = p.RoiX + sx;
        int y = p.RoiY + sy;
        long row = (long)y * p.Stride;
        switch (p.PackedBytes)
        {
            case 1:
                return frame[row + x] * 0x010101;
            case 3:
            case 4:
            {
                long at = row + (long)x * p.PackedBytes;
                return frame[at] | (frame[at + 1] << 8) | (frame[at + 2] << 16);
            }
        }
        long planes = (long)p.FrameHeight * p.Stride;
        int pair = x & ~1;
        int luma;
        int u;
        int v;
        if (p.Format == Nv12 || p.Format == Nv21)
        {
            long uv = planes + (long)(y >> 1) * p.Stride + pair;
            luma = frame[row + x];
            u = frame[uv + (p.Format == Nv21 ? 1 : 0)];
            v = frame[uv + (p.Format == Nv21 ? 0 : 1)];
        }
        else if (p.Format == I420)
        {
            long chromaStride = p.Stride / 2;
            long at = (long)(y >> 1) * chromaStride + pair / 2;
            luma = frame[row + x];
            u = frame[planes + at];
            v = frame[planes + (p.FrameHeight / 2) * chromaStride + at];
        }
        else
        {
            // YUYV: Y0 U Y1 V; UYVY: U Y0 V Y1.
            int lumaAt = p.Format == Uyvy ? 1 : 0;
            luma = frame[row + 2L * x + lumaAt];
            u = frame[row + 2L * pair + 1 - lumaAt];
            v = frame[row + 2L * pair + 3 - lumaAt];
        }
        return Bgr(luma, u, v);
    }

    /// <summary><see cref="YuvToBgr.Pixel"/>, inlined with plain arithmetic: B in byte 0, G in 1, R in 2.</summary>
    private static int Bgr(int y, int u, int v)
    {
        const int Half = 1 << (YuvToBgr.Shift - 1);
        int uu = u - 128;
        int vv = v - 128;
        int yy = (y > 16 ? y - 16 : 0) * YuvToBgr.CY;
        int r = Saturate((yy + Half + YuvToBgr.CVR * vv) >> YuvToBgr.Shift);
        int g = Saturate((yy + Half + YuvToBgr.CVG * vv + YuvToBgr.CUG * uu) >> YuvToBgr.Shift);
        int b = Saturate((yy + Half + YuvToBgr.CUB * uu) >> YuvToBgr.Shift);
        return b | (g << 8) | (r << 16);
    }
}
