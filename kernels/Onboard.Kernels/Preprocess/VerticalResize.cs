using System.Runtime.CompilerServices;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The vertical half of OpenCV's 8-bit linear resize, with the rounding its 4.6 code uses for every element
/// (the SIMD loop and the scalar tail were made to agree): each horizontally resized row arrives pre-shifted
/// by 4 (<see cref="HorizontalResize"/> stores <c>H &gt;&gt; 4</c>, which fits 16 bits) and is multiplied as
/// a 16×16→high-16 product, <c>v = (h0·b0 &gt;&gt; 16) + (h1·b1 &gt;&gt; 16)</c>, then <c>(v + 2) &gt;&gt; 2</c>
/// saturated to a byte. A plain <c>(H0·b0 + H1·b1 + 2^21) &gt;&gt; 22</c> differs by one in ~1 of 8 pixels.
/// Working in 16-bit lanes (pmulhw, as OpenCV does) covers twice the elements per instruction of 32-bit ones.
/// </summary>
internal static unsafe class VerticalResize
{
    /// <summary>The scalar reference, for <c>h = H &gt;&gt; 4</c> of the two source rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Scalar(int h0, int h1, int b0, int b1) =>
        (byte)Math.Clamp((((h0 * b0) >> 16) + ((h1 * b1) >> 16) + 2) >> 2, 0, 255);

    /// <summary><paramref name="count"/> elements of two horizontally resized rows → 8-bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(short* h0, short* h1, int b0, int b1, byte* dst, int count, int maxVectorBits)
    {
        // Safe: h0, h1 hold count shorts and dst count bytes, all pinned; blocks stay inside [0, count).
        // A zero weight drops its row's term exactly (h·0 >> 16 = 0), and is common: 1920 → 640 is a 3× shrink
        // whose taps all land on whole rows.
        if (b1 == 0 || b0 == 0)
        {
            var one = new OneRow(b1 == 0 ? h0 : h1, b1 == 0 ? b0 : b1, dst);
            VectorLoop.Run(ref one, count, maxVectorBits);
            return;
        }
        var two = new TwoRows(h0, h1, b0, b1, dst);
        VectorLoop.Run(ref two, count, maxVectorBits);
    }

    private readonly struct TwoRows(short* h0, short* h1, int b0, int b1, byte* dst) : IVectorKernel
    {
        // Four registers of 16-bit lanes in, one register of bytes out.
        public static int BlockSize(int lanes) => 4 * lanes;

        /// <summary>C0, C1: the two row weights.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastInt16((short)b0);
            constants.C1 = TOps.BroadcastInt16((short)b1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            int n = 2 * TOps.Count;
            TVec w0 = c.C0;
            TVec w1 = c.C1;
            TVec lower = TOps.AddInt16(TOps.MultiplyHighInt16(TOps.Load(h0 + i), w0), TOps.MultiplyHighInt16(TOps.Load(h1 + i), w1));
            TVec upper = TOps.AddInt16(TOps.MultiplyHighInt16(TOps.Load(h0 + i + n), w0), TOps.MultiplyHighInt16(TOps.Load(h1 + i + n), w1));
            TOps.Store(Round<TVec, TOps>(lower, upper), dst + i);
        }

        public void Scalar(int i) => dst[i] = VerticalResize.Scalar(h0[i], h1[i], b0, b1);
    }

    private readonly struct OneRow(short* h, int b, byte* dst) : IVectorKernel
    {
        public static int BlockSize(int lanes) => 4 * lanes;

        /// <summary>C0: the row weight.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastInt16((short)b);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            TVec w = c.C0;
            TVec lower = TOps.MultiplyHighInt16(TOps.Load(h + i), w);
            TVec upper = TOps.MultiplyHighInt16(TOps.Load(h + i + 2 * TOps.Count), w);
            TOps.Store(Round<TVec, TOps>(lower, upper), dst + i);
        }

        public void Scalar(int i) => dst[i] = VerticalResize.Scalar(h[i], 0, b, 0);
    }

    /// <summary><c>(v + 2) &gt;&gt; 2</c>, saturated to bytes, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Round<TVec, TOps>(TVec lower, TVec upper)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        TVec two = TOps.BroadcastInt16(2);
        return TOps.NarrowSaturateInt16ToByte(
            TOps.ShiftRightArithmeticInt16(TOps.AddInt16(lower, two), 2),
            TOps.ShiftRightArithmeticInt16(TOps.AddInt16(upper, two), 2));
    }
}
