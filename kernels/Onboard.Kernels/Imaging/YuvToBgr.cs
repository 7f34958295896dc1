using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Imaging;

/// <summary>
/// YUV (BT.601, studio swing) → BGR exactly as OpenCV 4.6's <c>cvtColor(COLOR_YUV2BGR_NV12 / _NV21 / _I420 /
/// _YUYV / _UYVY)</c>: 20-bit fixed-point coefficients, luma clamped at 16, round half up, saturate.
/// <see cref="Pixel"/> is the scalar reference; <see cref="RowToBgrx"/> the SIMD row kernel the fused path uses.
/// </summary>
public static class YuvToBgr
{
    // OpenCV color_yuv.simd.hpp: R = 1.164(Y−16) + 1.596(V−128) etc., scaled by 2^20 and rounded.
    public const int CY = 1220542;
    public const int CUB = 2116026;
    public const int CUG = -409993;
    public const int CVG = -852492;
    public const int CVR = 1673527;
    public const int Shift = 20;
    private const int Half = 1 << (Shift - 1);

    /// <summary>One pixel, the scalar reference every vector path is tested against.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pixel(int y, int u, int v, out byte b, out byte g, out byte r)
    {
        int uu = u - 128;
        int vv = v - 128;
        int yy = Math.Max(0, y - 16) * CY;
        r = Saturate((yy + Half + CVR * vv) >> Shift);
        g = Saturate((yy + Half + CVG * vv + CUG * uu) >> Shift);
        b = Saturate((yy + Half + CUB * uu) >> Shift);
    }

    /// <summary>
    /// Converts <paramref name="count"/> pixels whose luma is at <paramref name="y"/> and whose chroma pairs
    /// (U then V, one pair per two pixels, starting at the pair of the first pixel, which must be even) are at
    /// <paramref name="uv"/>, into BGRx words (B in the low byte, x = 0). <paramref name="swapUv"/> reads V,U pairs (NV21).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void RowToBgrx(byte* y, byte* uv, bool swapUv, int count, uint* dst, int maxVectorBits = VectorLoop.Widest)
    {
        // Safe: callers pass pointers into pinned frame or scratch buffers that hold count luma bytes and
        // count (rounded up to even) chroma bytes; blocks start at even pixels and stay inside [0, count).
        var kernel = new PairKernel(y, uv, swapUv, dst);
        int even = count & ~1;
        VectorLoop.Run(ref kernel, even, maxVectorBits);
        if (even < count)
        {
            kernel.Scalar(even);
        }
    }

    /// <summary>
    /// The NV12-shaped conversion as a <see cref="VectorLoop"/> kernel. Per register of 32-bit lanes (one lane
    /// per pixel): the chroma terms are computed once per pair, in the pair's two lanes (U·CUB and V·CVR side by
    /// side, U·CUG + V·CVG summed across the pair), the −128 offsets and the rounding half folded into constant
    /// biases; the channels are clamped by the saturating 32→16→8-bit packs, and one byte shuffle interleaves
    /// them into BGRx. Integer arithmetic throughout, so every width equals <see cref="Pixel"/>.
    /// </summary>
    private readonly unsafe struct PairKernel : IVectorKernel
    {
        private readonly byte* _y;
        private readonly byte* _uv;
        private readonly uint* _dst;
        private readonly int _uOffset;
        // Per pair of lanes (first, second chroma byte of the pair): products and biases; NV21 swaps them.
        private readonly Vector128<byte> _sideCoefficients;
        private readonly Vector128<byte> _sideBias;
        private readonly Vector128<byte> _greenCoefficients;
        // After the packs a lane holds [first-side ×4, green ×4, second-side ×4, 0 ×4]; this makes it BGRx.
        private readonly Vector128<byte> _interleave;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PairKernel(byte* y, byte* uv, bool swapUv, uint* dst)
        {
            _y = y;
            _uv = uv;
            _dst = dst;
            _uOffset = swapUv ? 1 : 0;
            (int c0, int c1) = swapUv ? (CVR, CUB) : (CUB, CVR);
            (int g0, int g1) = swapUv ? (CVG, CUG) : (CUG, CVG);
            _sideCoefficients = Vector128.Create(c0, c1, c0, c1).AsByte();
            _sideBias = Vector128.Create(Half - 128 * c0, Half - 128 * c1, Half - 128 * c0, Half - 128 * c1).AsByte();
            _greenCoefficients = Vector128.Create(g0, g1, g0, g1).AsByte();
            const byte Z = 0x80;
            _interleave = swapUv
                ? Vector128.Create((byte)8, 4, 0, Z, 9, 5, 1, Z, 10, 6, 2, Z, 11, 7, 3, Z)
                : Vector128.Create((byte)0, 4, 8, Z, 1, 5, 9, Z, 2, 6, 10, Z, 3, 7, 11, Z);
        }

        public static int BlockSize(int lanes) => lanes;

        /// <summary>C0, C1: side coefficients and biases; C2: green coefficients; C3: the BGRx interleave.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastLanes(_sideCoefficients);
            constants.C1 = TOps.BroadcastLanes(_sideBias);
            constants.C2 = TOps.BroadcastLanes(_greenCoefficients);
            constants.C3 = TOps.BroadcastLanes(_interleave);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            TVec luma = TOps.LoadWidenByteToInt32(_y + i);
            TVec chroma = TOps.LoadWidenByteToInt32(_uv + i);
            TVec yy = TOps.MultiplyLowInt32(TOps.MaxInt32(TOps.SubtractInt32(luma, TOps.BroadcastInt32(16)), TOps.Zero), TOps.BroadcastInt32(CY));
            TVec side = TOps.AddInt32(TOps.MultiplyLowInt32(chroma, c.C0), c.C1);
            TVec green = TOps.MultiplyLowInt32(chroma, c.C2);
            green = TOps.AddInt32(TOps.AddInt32(green, TOps.SwapPairsInt32(green)), TOps.BroadcastInt32(Half - 128 * (CUG + CVG)));
            TVec first = TOps.ShiftRightArithmeticInt32(TOps.AddInt32(yy, TOps.DuplicateEvenInt32(side)), Shift);
            TVec second = TOps.ShiftRightArithmeticInt32(TOps.AddInt32(yy, TOps.DuplicateOddInt32(side)), Shift);
            TVec g = TOps.ShiftRightArithmeticInt32(TOps.AddInt32(yy, green), Shift);
            TVec bytes = TOps.PackSaturateInt16ToByteInLanes(
                TOps.PackSaturateInt32ToInt16InLanes(first, g),
                TOps.PackSaturateInt32ToInt16InLanes(second, TOps.Zero));
            TOps.Store(TOps.ShuffleBytesInLanes(bytes, c.C3), _dst + i);
        }

        public void Scalar(int i)
        {
            int pair = i & ~1;
            Pixel(_y[i], _uv[pair + _uOffset], _uv[pair + 1 - _uOffset], out byte b, out byte g, out byte r);
            _dst[i] = b | ((uint)g << 8) | ((uint)r << 16);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Saturate(int value) => (byte)Math.Clamp(value, 0, 255);
}
