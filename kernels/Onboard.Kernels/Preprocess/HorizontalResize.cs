using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The horizontal half of OpenCV's separable 8-bit resize: <c>H[x] = S[sx]·a0 + S[sx+1]·a1</c> in exact
/// integers, stored as <c>H &gt;&gt; 4</c> in 16 bits (at most 255·2049 &gt;&gt; 4 = 32655), the only form
/// <see cref="VerticalResize"/> reads. Packed pixels (3 or 4 bytes) produce four lanes per pixel (channels
/// 0..2, lane 3 = 0), gray one. Any order of evaluation gives the same integers, so every vector width
/// equals <see cref="PackedScalar"/>. The vector paths read the right tap as the pixel after the left one,
/// which the taps guarantee wherever the right weight is not 0 (clamped edges have weight 0 there).
/// </summary>
internal static unsafe class HorizontalResize
{
    private const byte Z = 0x80;

    // Per 16-byte lane: bytes of the left and right tap of each channel as zero-extended 16-bit pairs, so a
    // pair-wise multiply-add with (a0, a1) gives the channel's sum.
    private static Vector128<byte> Pairs3 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128.Create((byte)0, Z, 3, Z, 1, Z, 4, Z, 2, Z, 5, Z, Z, Z, Z, Z); }
    private static Vector128<byte> Pairs4 { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128.Create((byte)0, Z, 4, Z, 1, Z, 5, Z, 2, Z, 6, Z, Z, Z, Z, Z); }

    // Gray: bytes 0 and 1 of each 32-bit lane (the left tap and the one after it) as a 16-bit pair.
    private static Vector128<byte> GrayPairs { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128.Create((byte)0, Z, 1, Z, 4, Z, 5, Z, 8, Z, 9, Z, 12, Z, 13, Z); }

    /// <summary>
    /// <paramref name="count"/> pixels from a packed row (<paramref name="bpp"/> 3 or 4): tap pixel
    /// <c>xofs[i]</c> and the one after it, weights <c>weights[8i..8i+7] = a0,a1,a0,a1,a0,a1,0,0</c>.
    /// The first <paramref name="vectorCount"/> pixels may read 16 bytes from their tap (the caller checked
    /// that stays inside the buffer); the rest are read byte by byte.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Packed(byte* row, int bpp, int* xofs, int* xofs1, short* weights, int count, int vectorCount, short* dst, int maxVectorBits)
    {
        // Safe: row is pinned; the caller guarantees row + bpp*xofs[i] + 16 is readable for i < vectorCount and
        // row + bpp*xofs1[i] + bpp for every i; dst holds 4*count shorts.
        // The pixel size as a type argument makes tap addressing a constant multiply (lea) in the loop.
        if (bpp == 3)
        {
            var kernel = new PackedKernel<ThreeBytes>(row, xofs, xofs1, weights, dst);
            VectorLoop.Run(ref kernel, vectorCount, maxVectorBits);
        }
        else
        {
            var kernel = new PackedKernel<FourBytes>(row, xofs, xofs1, weights, dst);
            VectorLoop.Run(ref kernel, vectorCount, maxVectorBits);
        }
        PackedScalar(row, bpp, xofs, xofs1, weights, vectorCount, count, dst);
    }

    /// <summary>The scalar reference for <see cref="Packed"/>, over pixels <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static void PackedScalar(byte* row, int bpp, int* xofs, int* xofs1, short* weights, int from, int to, short* dst)
    {
        for (int i = from; i < to; i++)
        {
            PackedPixel(row, bpp, xofs, xofs1, weights, i, dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PackedPixel(byte* row, int bpp, int* xofs, int* xofs1, short* weights, int i, short* dst)
    {
        byte* a = row + bpp * xofs[i];
        byte* b = row + bpp * xofs1[i];
        int a0 = weights[8 * i];
        int a1 = weights[8 * i + 1];
        short* d = dst + 4 * i;
        d[0] = (short)((a[0] * a0 + b[0] * a1) >> 4);
        d[1] = (short)((a[1] * a0 + b[1] * a1) >> 4);
        d[2] = (short)((a[2] * a0 + b[2] * a1) >> 4);
        d[3] = 0;
    }

    /// <summary>
    /// One channel (gray): <c>dst[i] = (row[xofs[i]]·a0 + row[xofs1[i]]·a1) &gt;&gt; 4</c>, with
    /// <c>pairs[i] = a0 | a1 &lt;&lt; 16</c>. The vector path gathers 4 bytes at each left tap, so only the first
    /// <paramref name="vectorCount"/> pixels (which the caller checked have 4 readable bytes) use it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gray(byte* row, int* xofs, int* xofs1, int* pairs, int count, int vectorCount, short* dst, int maxVectorBits)
    {
        // Safe: row is pinned; every xofs/xofs1 entry is a column inside it; gathers stay within vectorCount.
        var kernel = new GrayKernel(row, xofs, xofs1, pairs, dst);
        VectorLoop.Run(ref kernel, vectorCount, maxVectorBits);
        for (int i = vectorCount; i < count; i++)
        {
            kernel.Scalar(i);
        }
    }

    /// <summary>
    /// Two registers of taps per block, each with one pixel per 128-bit lane: shuffle the tap bytes into
    /// 16-bit (left, right) pairs, multiply-add with the weights, shift by 4 and narrow to 16 bits.
    /// </summary>
    private interface IPixelBytes
    {
        static abstract int Count { get; }
    }

    private readonly struct ThreeBytes : IPixelBytes
    {
        public static int Count => 3;
    }

    private readonly struct FourBytes : IPixelBytes
    {
        public static int Count => 4;
    }

    private readonly struct PackedKernel<TPixel>(byte* row, int* xofs, int* xofs1, short* weights, short* dst) : IVectorKernel
        where TPixel : struct, IPixelBytes
    {
        public static int BlockSize(int lanes) => lanes / 2;

        /// <summary>C0: the tap-pair shuffle for this pixel size.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastLanes(TPixel.Count == 3 ? Pairs3 : Pairs4);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            nint n = TOps.Count / 4;
            TVec pairs = c.C0;
            TVec lower = TOps.MultiplyAddAdjacentInt16(TOps.ShuffleBytesInLanes(TOps.LoadLanes(row, xofs + i, TPixel.Count), pairs), TOps.Load(weights + 8 * i));
            TVec upper = TOps.MultiplyAddAdjacentInt16(TOps.ShuffleBytesInLanes(TOps.LoadLanes(row, xofs + i + n, TPixel.Count), pairs), TOps.Load(weights + 8 * (i + n)));
            TOps.Store(TOps.NarrowSaturateInt32ToInt16(TOps.ShiftRightArithmeticInt32(lower, 4), TOps.ShiftRightArithmeticInt32(upper, 4)), dst + 4 * i);
        }

        public void Scalar(int i) => PackedPixel(row, TPixel.Count, xofs, xofs1, weights, i, dst);
    }

    private readonly struct GrayKernel(byte* row, int* xofs, int* xofs1, int* pairs, short* dst) : IVectorKernel
    {
        public static int BlockSize(int lanes) => 2 * lanes;

        /// <summary>C0: the shuffle making (left, right) 16-bit pairs of the gathered bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastLanes(GrayPairs);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            int n = TOps.Count;
            TVec spread = c.C0;
            TVec lower = TOps.MultiplyAddAdjacentInt16(TOps.ShuffleBytesInLanes(TOps.GatherInt32(row, xofs + i), spread), TOps.Load(pairs + i));
            TVec upper = TOps.MultiplyAddAdjacentInt16(TOps.ShuffleBytesInLanes(TOps.GatherInt32(row, xofs + i + n), spread), TOps.Load(pairs + i + n));
            TOps.Store(TOps.NarrowSaturateInt32ToInt16(TOps.ShiftRightArithmeticInt32(lower, 4), TOps.ShiftRightArithmeticInt32(upper, 4)), dst + i);
        }

        public void Scalar(int i)
        {
            int pair = pairs[i];
            dst[i] = (short)((row[xofs[i]] * (short)pair + row[xofs1[i]] * (pair >> 16)) >> 4);
        }
    }
}
