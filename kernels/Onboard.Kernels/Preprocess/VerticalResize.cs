using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The vertical half of OpenCV's 8-bit linear resize, with the rounding its 4.6 code uses for every element
/// (the SIMD loop and the scalar tail were made to agree): each row is pre-shifted by 4 and multiplied as a
/// 16×16→high-16 product, <c>v = ((H0 &gt;&gt; 4)·b0 &gt;&gt; 16) + ((H1 &gt;&gt; 4)·b1 &gt;&gt; 16)</c>, then
/// <c>(v + 2) &gt;&gt; 2</c>. A plain <c>(H0·b0 + H1·b1 + 2^21) &gt;&gt; 22</c> differs by one in ~1 of 8 pixels.
/// </summary>
internal static unsafe class VerticalResize
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte Scalar(int h0, int h1, int b0, int b1) =>
        (byte)Math.Min(255, ((((h0 >> 4) * b0) >> 16) + (((h1 >> 4) * b1) >> 16) + 2) >> 2);

    /// <summary><paramref name="count"/> elements of two horizontally resized rows → 8-bit.</summary>
    public static void Row(int* h0, int* h1, int b0, int b1, byte* dst, int count, int maxVectorBits)
    {
        // Safe: h0, h1 hold count ints and dst count bytes, all pinned; loops stop at whole blocks inside count.
        int i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            Vector512<int> w0 = Vector512.Create(b0);
            Vector512<int> w1 = Vector512.Create(b1);
            for (; i <= count - 64; i += 64)
            {
                Vector512<short> lo = Vector512.Narrow(Combine(h0 + i, h1 + i, w0, w1), Combine(h0 + i + 16, h1 + i + 16, w0, w1));
                Vector512<short> hi = Vector512.Narrow(Combine(h0 + i + 32, h1 + i + 32, w0, w1), Combine(h0 + i + 48, h1 + i + 48, w0, w1));
                Vector512.Narrow(lo.AsUInt16(), hi.AsUInt16()).Store(dst + i);
            }
        }
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            Vector256<int> w0 = Vector256.Create(b0);
            Vector256<int> w1 = Vector256.Create(b1);
            for (; i <= count - 32; i += 32)
            {
                Vector256<short> lo = Vector256.Narrow(Combine(h0 + i, h1 + i, w0, w1), Combine(h0 + i + 8, h1 + i + 8, w0, w1));
                Vector256<short> hi = Vector256.Narrow(Combine(h0 + i + 16, h1 + i + 16, w0, w1), Combine(h0 + i + 24, h1 + i + 24, w0, w1));
                Vector256.Narrow(lo.AsUInt16(), hi.AsUInt16()).Store(dst + i);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<int> w0 = Vector128.Create(b0);
            Vector128<int> w1 = Vector128.Create(b1);
            for (; i <= count - 16; i += 16)
            {
                Vector128<short> lo = Vector128.Narrow(Combine(h0 + i, h1 + i, w0, w1), Combine(h0 + i + 4, h1 + i + 4, w0, w1));
                Vector128<short> hi = Vector128.Narrow(Combine(h0 + i + 8, h1 + i + 8, w0, w1), Combine(h0 + i + 12, h1 + i + 12, w0, w1));
                Vector128.Narrow(lo.AsUInt16(), hi.AsUInt16()).Store(dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] = Scalar(h0[i], h1[i], b0, b1);
        }
    }

    // One copy of the arithmetic per vector width, as System.Numerics.Tensors does: .NET has no public
    // width-generic vector abstraction the JIT specialises (ISimdVector is internal), and Vector<T> stops at 256.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Combine(int* h0, int* h1, Vector512<int> w0, Vector512<int> w1)
    {
        Vector512<int> v = Vector512.ShiftRightArithmetic(Vector512.ShiftRightArithmetic(Vector512.Load(h0), 4) * w0, 16)
            + Vector512.ShiftRightArithmetic(Vector512.ShiftRightArithmetic(Vector512.Load(h1), 4) * w1, 16);
        return Vector512.Min(Vector512.ShiftRightArithmetic(v + Vector512.Create(2), 2), Vector512.Create(255));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Combine(int* h0, int* h1, Vector256<int> w0, Vector256<int> w1)
    {
        Vector256<int> v = Vector256.ShiftRightArithmetic(Vector256.ShiftRightArithmetic(Vector256.Load(h0), 4) * w0, 16)
            + Vector256.ShiftRightArithmetic(Vector256.ShiftRightArithmetic(Vector256.Load(h1), 4) * w1, 16);
        return Vector256.Min(Vector256.ShiftRightArithmetic(v + Vector256.Create(2), 2), Vector256.Create(255));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Combine(int* h0, int* h1, Vector128<int> w0, Vector128<int> w1)
    {
        Vector128<int> v = Vector128.ShiftRightArithmetic(Vector128.ShiftRightArithmetic(Vector128.Load(h0), 4) * w0, 16)
            + Vector128.ShiftRightArithmetic(Vector128.ShiftRightArithmetic(Vector128.Load(h1), 4) * w1, 16);
        return Vector128.Min(Vector128.ShiftRightArithmetic(v + Vector128.Create(2), 2), Vector128.Create(255));
    }
}
