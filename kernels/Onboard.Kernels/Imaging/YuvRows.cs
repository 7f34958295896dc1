using System.Runtime.CompilerServices;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Imaging;

/// <summary>
/// Converts a span of one YUV row (NV12, NV21, I420, YUYV, UYVY) to BGRx words with <see cref="YuvToBgr"/>.
/// I420 and the packed 4:2:2 formats are first reshuffled into NV12's shape (luma run + U,V pairs) in a small
/// scratch buffer, so one vector kernel does the arithmetic for all of them.
/// </summary>
internal static unsafe class YuvRows
{
    /// <summary>Scratch bytes <see cref="ToBgrx"/> needs for a run of <paramref name="pixels"/>.</summary>
    public static int ScratchBytes(int pixels) => 2 * (pixels + 2) + 64;

    /// <summary>
    /// Converts pixels <c>[x0 &amp; ~1, x0 + count)</c> (rounded out to whole chroma pairs) of row
    /// <paramref name="y"/> into <paramref name="dst"/>; returns the first converted column (even).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                Interleave(u, v, n / 2, scratch, maxVectorBits);
                YuvToBgr.RowToBgrx(luma + first, scratch, false, n, dst, maxVectorBits);
                break;
            }
            case PixelFormat.Yuyv:
            case PixelFormat.Uyvy:
            {
                byte* packed = luma + 2 * first;
                byte* ys = scratch;
                byte* uvs = scratch + n + 2;
                Split(packed, n, frame.Format == PixelFormat.Uyvy, ys, uvs, maxVectorBits);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Interleave(byte* u, byte* v, int pairs, byte* uv, int maxVectorBits)
    {
        var kernel = new InterleaveKernel(u, v, uv);
        VectorLoop.Run(ref kernel, pairs, maxVectorBits);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Split(byte* packed, int pixels, bool lumaOdd, byte* y, byte* uv, int maxVectorBits)
    {
        var kernel = new SplitKernel(packed, lumaOdd, y, uv);
        VectorLoop.Run(ref kernel, pixels, maxVectorBits);
    }

    /// <summary>I420's U and V rows → NV12's U,V pairs: each pair is the 16-bit word <c>U | V &lt;&lt; 8</c>.</summary>
    private readonly struct InterleaveKernel(byte* u, byte* v, byte* uv) : IVectorKernel
    {
        public static int BlockSize(int lanes) => 2 * lanes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            constants = default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            // Shifting 32-bit lanes by 8 moves each 16-bit V into its word's high byte: V < 256, nothing crosses.
            TVec pairs = TOps.Or(TOps.LoadWidenByteToInt16(u + i), TOps.ShiftLeftInt32(TOps.LoadWidenByteToInt16(v + i), 8));
            TOps.Store(pairs, uv + 2 * i);
        }

        public void Scalar(int i)
        {
            uv[2 * i] = u[i];
            uv[2 * i + 1] = v[i];
        }
    }

    /// <summary>YUYV/UYVY → a luma run and U,V pairs: the low and high bytes of each 16-bit word.</summary>
    private readonly struct SplitKernel(byte* packed, bool lumaOdd, byte* y, byte* uv) : IVectorKernel
    {
        public static int BlockSize(int lanes) => 4 * lanes;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            constants = default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            TVec a = TOps.Load(packed + 2 * i);
            TVec b = TOps.Load(packed + 2 * i + TOps.Bits / 8);
            TVec mask = TOps.BroadcastInt16(0xFF);
            TVec low = TOps.NarrowInt16ToByte(TOps.And(a, mask), TOps.And(b, mask));
            TVec high = TOps.NarrowInt16ToByte(TOps.ShiftRightLogicalInt16(a, 8), TOps.ShiftRightLogicalInt16(b, 8));
            TOps.Store(lumaOdd ? high : low, y + i);
            TOps.Store(lumaOdd ? low : high, uv + i);
        }

        public void Scalar(int i)
        {
            int lumaAt = lumaOdd ? 1 : 0;
            y[i] = packed[2 * i + lumaAt];
            uv[i] = packed[2 * i + 1 - lumaAt];
        }
    }
}
