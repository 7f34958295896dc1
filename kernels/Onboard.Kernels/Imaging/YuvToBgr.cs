using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
    internal static unsafe void RowToBgrx(byte* y, byte* uv, bool swapUv, int count, uint* dst, int maxVectorBits = 512)
    {
        // Safe: callers pass pointers into pinned frame or scratch buffers that hold count luma bytes and
        // count (rounded up to even) chroma bytes; vector loops only read whole blocks inside those bounds.
        int i = 0;
        if (maxVectorBits >= 512 && Vector512.IsHardwareAccelerated)
        {
            Vector512<int> uIdx = swapUv ? Vector512.Create(1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15) : Vector512.Create(0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14);
            Vector512<int> vIdx = swapUv ? Vector512.Create(0, 0, 2, 2, 4, 4, 6, 6, 8, 8, 10, 10, 12, 12, 14, 14) : Vector512.Create(1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15);
            for (; i <= count - 64; i += 64)
            {
                (Vector512<ushort> y0, Vector512<ushort> y1) = Vector512.Widen(Vector512.Load(y + i));
                (Vector512<ushort> c0, Vector512<ushort> c1) = Vector512.Widen(Vector512.Load(uv + i));
                (Vector512<uint> ya, Vector512<uint> yb) = Vector512.Widen(y0);
                (Vector512<uint> yc, Vector512<uint> yd) = Vector512.Widen(y1);
                (Vector512<uint> ca, Vector512<uint> cb) = Vector512.Widen(c0);
                (Vector512<uint> cc, Vector512<uint> cd) = Vector512.Widen(c1);
                Convert16(ya.AsInt32(), ca.AsInt32(), uIdx, vIdx).Store(dst + i);
                Convert16(yb.AsInt32(), cb.AsInt32(), uIdx, vIdx).Store(dst + i + 16);
                Convert16(yc.AsInt32(), cc.AsInt32(), uIdx, vIdx).Store(dst + i + 32);
                Convert16(yd.AsInt32(), cd.AsInt32(), uIdx, vIdx).Store(dst + i + 48);
            }
        }
        if (maxVectorBits >= 256 && Vector256.IsHardwareAccelerated)
        {
            Vector256<int> uIdx = swapUv ? Vector256.Create(1, 1, 3, 3, 5, 5, 7, 7) : Vector256.Create(0, 0, 2, 2, 4, 4, 6, 6);
            Vector256<int> vIdx = swapUv ? Vector256.Create(0, 0, 2, 2, 4, 4, 6, 6) : Vector256.Create(1, 1, 3, 3, 5, 5, 7, 7);
            for (; i <= count - 32; i += 32)
            {
                (Vector256<ushort> y0, Vector256<ushort> y1) = Vector256.Widen(Vector256.Load(y + i));
                (Vector256<ushort> c0, Vector256<ushort> c1) = Vector256.Widen(Vector256.Load(uv + i));
                (Vector256<uint> ya, Vector256<uint> yb) = Vector256.Widen(y0);
                (Vector256<uint> yc, Vector256<uint> yd) = Vector256.Widen(y1);
                (Vector256<uint> ca, Vector256<uint> cb) = Vector256.Widen(c0);
                (Vector256<uint> cc, Vector256<uint> cd) = Vector256.Widen(c1);
                Convert8(ya.AsInt32(), ca.AsInt32(), uIdx, vIdx).Store(dst + i);
                Convert8(yb.AsInt32(), cb.AsInt32(), uIdx, vIdx).Store(dst + i + 8);
                Convert8(yc.AsInt32(), cc.AsInt32(), uIdx, vIdx).Store(dst + i + 16);
                Convert8(yd.AsInt32(), cd.AsInt32(), uIdx, vIdx).Store(dst + i + 24);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            Vector128<int> uIdx = swapUv ? Vector128.Create(1, 1, 3, 3) : Vector128.Create(0, 0, 2, 2);
            Vector128<int> vIdx = swapUv ? Vector128.Create(0, 0, 2, 2) : Vector128.Create(1, 1, 3, 3);
            for (; i <= count - 16; i += 16)
            {
                (Vector128<ushort> y0, Vector128<ushort> y1) = Vector128.Widen(Vector128.Load(y + i));
                (Vector128<ushort> c0, Vector128<ushort> c1) = Vector128.Widen(Vector128.Load(uv + i));
                (Vector128<uint> ya, Vector128<uint> yb) = Vector128.Widen(y0);
                (Vector128<uint> yc, Vector128<uint> yd) = Vector128.Widen(y1);
                (Vector128<uint> ca, Vector128<uint> cb) = Vector128.Widen(c0);
                (Vector128<uint> cc, Vector128<uint> cd) = Vector128.Widen(c1);
                Convert4(ya.AsInt32(), ca.AsInt32(), uIdx, vIdx).Store(dst + i);
                Convert4(yb.AsInt32(), cb.AsInt32(), uIdx, vIdx).Store(dst + i + 4);
                Convert4(yc.AsInt32(), cc.AsInt32(), uIdx, vIdx).Store(dst + i + 8);
                Convert4(yd.AsInt32(), cd.AsInt32(), uIdx, vIdx).Store(dst + i + 12);
            }
        }
        int uOff = swapUv ? 1 : 0;
        for (; i < count; i++)
        {
            int pair = i & ~1;
            Pixel(y[i], uv[pair + uOff], uv[pair + 1 - uOff], out byte b, out byte g, out byte r);
            dst[i] = b | ((uint)g << 8) | ((uint)r << 16);
        }
    }

    // One copy of the arithmetic per vector width, as System.Numerics.Tensors does: .NET has no public
    // width-generic vector abstraction the JIT specialises (ISimdVector is internal), and Vector<T> stops at 256.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Convert16(Vector512<int> y, Vector512<int> uv, Vector512<int> uIdx, Vector512<int> vIdx)
    {
        Vector512<int> bias = Vector512.Create(128);
        Vector512<int> u = Vector512.Shuffle(uv, uIdx) - bias;
        Vector512<int> v = Vector512.Shuffle(uv, vIdx) - bias;
        Vector512<int> yy = Vector512.Max(y - Vector512.Create(16), Vector512<int>.Zero) * Vector512.Create(CY) + Vector512.Create(Half);
        Vector512<int> r = Vector512.ShiftRightArithmetic(yy + v * Vector512.Create(CVR), Shift);
        Vector512<int> g = Vector512.ShiftRightArithmetic(yy + v * Vector512.Create(CVG) + u * Vector512.Create(CUG), Shift);
        Vector512<int> b = Vector512.ShiftRightArithmetic(yy + u * Vector512.Create(CUB), Shift);
        Vector512<int> lo = Vector512<int>.Zero;
        Vector512<int> hi = Vector512.Create(255);
        r = Vector512.Min(Vector512.Max(r, lo), hi);
        g = Vector512.Min(Vector512.Max(g, lo), hi);
        b = Vector512.Min(Vector512.Max(b, lo), hi);
        return (b | Vector512.ShiftLeft(g, 8) | Vector512.ShiftLeft(r, 16)).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Convert8(Vector256<int> y, Vector256<int> uv, Vector256<int> uIdx, Vector256<int> vIdx)
    {
        Vector256<int> bias = Vector256.Create(128);
        Vector256<int> u = Vector256.Shuffle(uv, uIdx) - bias;
        Vector256<int> v = Vector256.Shuffle(uv, vIdx) - bias;
        Vector256<int> yy = Vector256.Max(y - Vector256.Create(16), Vector256<int>.Zero) * Vector256.Create(CY) + Vector256.Create(Half);
        Vector256<int> r = Vector256.ShiftRightArithmetic(yy + v * Vector256.Create(CVR), Shift);
        Vector256<int> g = Vector256.ShiftRightArithmetic(yy + v * Vector256.Create(CVG) + u * Vector256.Create(CUG), Shift);
        Vector256<int> b = Vector256.ShiftRightArithmetic(yy + u * Vector256.Create(CUB), Shift);
        Vector256<int> lo = Vector256<int>.Zero;
        Vector256<int> hi = Vector256.Create(255);
        r = Vector256.Min(Vector256.Max(r, lo), hi);
        g = Vector256.Min(Vector256.Max(g, lo), hi);
        b = Vector256.Min(Vector256.Max(b, lo), hi);
        return (b | Vector256.ShiftLeft(g, 8) | Vector256.ShiftLeft(r, 16)).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Convert4(Vector128<int> y, Vector128<int> uv, Vector128<int> uIdx, Vector128<int> vIdx)
    {
        Vector128<int> bias = Vector128.Create(128);
        Vector128<int> u = Vector128.Shuffle(uv, uIdx) - bias;
        Vector128<int> v = Vector128.Shuffle(uv, vIdx) - bias;
        Vector128<int> yy = Vector128.Max(y - Vector128.Create(16), Vector128<int>.Zero) * Vector128.Create(CY) + Vector128.Create(Half);
        Vector128<int> r = Vector128.ShiftRightArithmetic(yy + v * Vector128.Create(CVR), Shift);
        Vector128<int> g = Vector128.ShiftRightArithmetic(yy + v * Vector128.Create(CVG) + u * Vector128.Create(CUG), Shift);
        Vector128<int> b = Vector128.ShiftRightArithmetic(yy + u * Vector128.Create(CUB), Shift);
        Vector128<int> lo = Vector128<int>.Zero;
        Vector128<int> hi = Vector128.Create(255);
        r = Vector128.Min(Vector128.Max(r, lo), hi);
        g = Vector128.Min(Vector128.Max(g, lo), hi);
        b = Vector128.Min(Vector128.Max(b, lo), hi);
        return (b | Vector128.ShiftLeft(g, 8) | Vector128.ShiftLeft(r, 16)).AsUInt32();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Saturate(int value) => (byte)Math.Clamp(value, 0, 255);
}
