using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Imaging;

/// <summary>
/// Converts a span of one YUV row (NV12, NV21, I420, YUYV, UYVY) to BGRx words with <see cref="YuvToBgr"/>.
/// I420 and the packed 4:2:2 formats are first reshuffled into NV12's shape (luma run + U,V pairs) in a small
/// scratch buffer, so one vector kernel does the arithmetic for all of them.
/// </summary>
internal static unsafe class YuvRows
{
    // YUYV: Y0 U0 Y1 V0 … → luma = even bytes, chroma pairs = odd bytes (already U,V ordered); UYVY swaps them.
    private static readonly Vector128<byte> s_evenLow = Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
    private static readonly Vector128<byte> s_evenHigh = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0, 2, 4, 6, 8, 10, 12, 14);
    private static readonly Vector128<byte> s_oddLow = Vector128.Create((byte)1, 3, 5, 7, 9, 11, 13, 15, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80);
    private static readonly Vector128<byte> s_oddHigh = Vector128.Create((byte)0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1, 3, 5, 7, 9, 11, 13, 15);
    private static readonly Vector128<byte> s_zip = Vector128.Create((byte)0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);

    /// <summary>Scratch bytes <see cref="ToBgrx"/> needs for a run of <paramref name="pixels"/>.</summary>
    public static int ScratchBytes(int pixels) => 2 * (pixels + 2) + 64;

    /// <summary>
    /// Converts pixels <c>[x0 &amp; ~1, x0 + count)</c> (rounded out to whole chroma pairs) of row
    /// <paramref name="y"/> into <paramref name="dst"/>; returns the first converted column (even).
    /// </summary>
    public static int ToBgrx(in SourceFrame frame, int y, int x0, int count, uint* dst, byte* scratch, int maxVectorBits)
    {
        // Safe: the frame was validated by ImageView (every plane row lies in the buffer, 4:2:x widths even);
        // the run [first, first + n) lies inside the row and scratch holds ScratchBytes(n).
        int first = x0 & ~1;
        int n = ((x0 + count + 1) & ~1) - first;
        int h = frame.Height;
        long stride = frame.Stride;
        byte* luma = frame.Data + y * stride;
        switch (frame.Format)
        {
            case PixelFormat.Nv12:
            case PixelFormat.Nv21:
            {
                byte* uv = frame.Data + h * stride + (y >> 1) * stride + first;
                YuvToBgr.RowToBgrx(luma + first, uv, frame.Format == PixelFormat.Nv21, n, dst, maxVectorBits);
                break;
            }
            case PixelFormat.I420:
            {
                long chromaStride = stride / 2;
                byte* u = frame.Data + h * stride + (y >> 1) * chromaStride + first / 2;
                byte* v = frame.Data + h * stride + (h / 2) * chromaStride + (y >> 1) * chromaStride + first / 2;
                Interleave(u, v, n / 2, scratch);
                YuvToBgr.RowToBgrx(luma + first, scratch, false, n, dst, maxVectorBits);
                break;
            }
            case PixelFormat.Yuyv:
            case PixelFormat.Uyvy:
            {
                byte* packed = luma + 2 * first;
                byte* ys = scratch;
                byte* uvs = scratch + n + 2;
                Split(packed, n, frame.Format == PixelFormat.Uyvy, ys, uvs);
                YuvToBgr.RowToBgrx(ys, uvs, false, n, dst, maxVectorBits);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(frame), frame.Format, $"{PixelFormatInfo.Name(frame.Format)} is not a YUV format");
        }
        return first;
    }

    /// <summary>True for the formats <see cref="ToBgrx"/> converts.</summary>
    public static bool IsYuv(PixelFormat format) =>
        format is PixelFormat.Nv12 or PixelFormat.Nv21 or PixelFormat.I420 or PixelFormat.Yuyv or PixelFormat.Uyvy;

    private static void Interleave(byte* u, byte* v, int pairs, byte* uv)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= pairs - 8; i += 8)
            {
                Vector128<byte> both = Vector128.Create(*(ulong*)(u + i), *(ulong*)(v + i)).AsByte();
                Vector128.Shuffle(both, s_zip).Store(uv + 2 * i);
            }
        }
        for (; i < pairs; i++)
        {
            uv[2 * i] = u[i];
            uv[2 * i + 1] = v[i];
        }
    }

    private static void Split(byte* packed, int pixels, bool lumaOdd, byte* y, byte* uv)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            (Vector128<byte> lumaLow, Vector128<byte> lumaHigh, Vector128<byte> chromaLow, Vector128<byte> chromaHigh) = lumaOdd
                ? (s_oddLow, s_oddHigh, s_evenLow, s_evenHigh)
                : (s_evenLow, s_evenHigh, s_oddLow, s_oddHigh);
            for (; i <= pixels - 16; i += 16)
            {
                Vector128<byte> a = Vector128.Load(packed + 2 * i);
                Vector128<byte> b = Vector128.Load(packed + 2 * i + 16);
                (Vector128.Shuffle(a, lumaLow) | Vector128.Shuffle(b, lumaHigh)).Store(y + i);
                (Vector128.Shuffle(a, chromaLow) | Vector128.Shuffle(b, chromaHigh)).Store(uv + i);
            }
        }
        int lumaAt = lumaOdd ? 1 : 0;
        for (; i < pixels; i++)
        {
            y[i] = packed[2 * i + lumaAt];
            uv[i] = packed[2 * i + 1 - lumaAt];
        }
    }
}
