using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// The horizontal half of OpenCV's separable 8-bit resize: <c>H[x] = S[sx]·a0 + S[sx+1]·a1</c> in exact int32.
/// Packed pixels (3 or 4 bytes) produce four int32 lanes per pixel (channels 0..2, lane 3 = 0), gray one.
/// Any order of evaluation gives the same integers, so every vector path equals <see cref="PackedScalar"/>.
/// </summary>
internal static unsafe class HorizontalResize
{
    // Per 16-byte lane: bytes of the left and right tap of each channel as zero-extended 16-bit pairs, so a
    // pair-wise multiply-add with (a0, a1) gives the channel's sum. Index ≥ 16 (0x80) yields zero.
    private static readonly Vector128<byte> s_pairs3 = Vector128.Create((byte)0, 0x80, 3, 0x80, 1, 0x80, 4, 0x80, 2, 0x80, 5, 0x80, 0x80, 0x80, 0x80, 0x80);
    private static readonly Vector128<byte> s_pairs4 = Vector128.Create((byte)0, 0x80, 4, 0x80, 1, 0x80, 5, 0x80, 2, 0x80, 6, 0x80, 0x80, 0x80, 0x80, 0x80);

    /// <summary>
    /// <paramref name="count"/> pixels from a packed row (<paramref name="bpp"/> 3 or 4): tap pixel
    /// <c>xofs[i]</c> and the one after it, weights <c>weights[8i..8i+7] = a0,a1,a0,a1,a0,a1,0,0</c>.
    /// The first <paramref name="vectorCount"/> pixels may read 16 bytes from their tap (the caller checked
    /// that stays inside the buffer); the rest are read byte by byte.
    /// </summary>
    public static void Packed(byte* row, int bpp, int* xofs, int* xofs1, short* weights, int count, int vectorCount, int* dst, int maxVectorBits)
    {
        // Safe: row is pinned; the caller guarantees row + bpp*xofs[i] + 16 is readable for i < vectorCount and
        // row + bpp*xofs1[i] + bpp for every i; dst holds 4*count ints.
        int i = 0;
        Vector128<byte> pairs = bpp == 3 ? s_pairs3 : s_pairs4;
        if (maxVectorBits >= 512 && Avx512BW.IsSupported)
        {
            Vector512<byte> control = Vector512.Create(Vector256.Create(pairs, pairs), Vector256.Create(pairs, pairs));
            for (; i <= vectorCount - 4; i += 4)
            {
                Vector512<byte> px = Vector512.Create(
                    Vector256.Create(Vector128.Load(row + bpp * xofs[i]), Vector128.Load(row + bpp * xofs[i + 1])),
                    Vector256.Create(Vector128.Load(row + bpp * xofs[i + 2]), Vector128.Load(row + bpp * xofs[i + 3])));
                Vector512<short> taps = Avx512BW.Shuffle(px, control).AsInt16();
                Avx512BW.MultiplyAddAdjacent(taps, Vector512.Load(weights + 8 * i)).Store(dst + 4 * i);
            }
        }
        if (maxVectorBits >= 256 && Avx2.IsSupported)
        {
            Vector256<byte> control = Vector256.Create(pairs, pairs);
            for (; i <= vectorCount - 2; i += 2)
            {
                Vector256<byte> px = Vector256.Create(Vector128.Load(row + bpp * xofs[i]), Vector128.Load(row + bpp * xofs[i + 1]));
                Vector256<short> taps = Avx2.Shuffle(px, control).AsInt16();
                Avx2.MultiplyAddAdjacent(taps, Vector256.Load(weights + 8 * i)).Store(dst + 4 * i);
            }
        }
        if (maxVectorBits >= 128 && Vector128.IsHardwareAccelerated)
        {
            // Portable path (NEON): split each 32-bit lane (left | right << 16) and multiply by (a0 | a1 << 16).
            Vector128<uint> low = Vector128.Create(0xFFFFu);
            for (; i < vectorCount; i++)
            {
                Vector128<uint> taps = Vector128.Shuffle(Vector128.Load(row + bpp * xofs[i]), pairs).AsUInt32();
                Vector128<uint> w = Vector128.Load(weights + 8 * i).AsUInt32();
                Vector128<uint> sum = (taps & low) * (w & low) + Vector128.ShiftRightLogical(taps, 16) * Vector128.ShiftRightLogical(w, 16);
                sum.Store((uint*)dst + 4 * i);
            }
        }
        PackedScalar(row, bpp, xofs, xofs1, weights, i, count, dst);
    }

    /// <summary>The scalar reference for <see cref="Packed"/>, over pixels <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static void PackedScalar(byte* row, int bpp, int* xofs, int* xofs1, short* weights, int from, int to, int* dst)
    {
        for (int i = from; i < to; i++)
        {
            byte* a = row + bpp * xofs[i];
            byte* b = row + bpp * xofs1[i];
            int a0 = weights[8 * i];
            int a1 = weights[8 * i + 1];
            int* d = dst + 4 * i;
            d[0] = a[0] * a0 + b[0] * a1;
            d[1] = a[1] * a0 + b[1] * a1;
            d[2] = a[2] * a0 + b[2] * a1;
            d[3] = 0;
        }
    }

    /// <summary>
    /// One channel (gray): <c>dst[i] = row[xofs[i]]·a0 + row[xofs1[i]]·a1</c>. With AVX2 a gather fetches each
    /// tap pair (4 bytes at the left tap, so only the first <paramref name="vectorCount"/> pixels, which the
    /// caller checked have 4 readable bytes, use it) and its weights; elsewhere it is scalar.
    /// </summary>
    public static void Gray(byte* row, int* xofs, int* xofs1, short* weights, int count, int vectorCount, int* dst, int maxVectorBits)
    {
        // Safe: row is pinned; every xofs/xofs1 entry is a column inside it; gathers stay within vectorCount.
        int i = 0;
        if (maxVectorBits >= 256 && Avx2.IsSupported)
        {
            Vector256<int> lane = Vector256.CreateSequence(0, 4);
            for (; i <= vectorCount - 8; i += 8)
            {
                Vector256<int> taps = Avx2.GatherVector256((int*)row, Vector256.Load(xofs + i), 1);
                Vector256<int> w = Avx2.GatherVector256((int*)weights, lane + Vector256.Create(4 * i), 4);
                Vector256<int> sum = (taps & Vector256.Create(0xFF)) * (w & Vector256.Create(0xFFFF))
                    + (Vector256.ShiftRightLogical(taps, 8) & Vector256.Create(0xFF)) * Vector256.ShiftRightLogical(w, 16);
                sum.Store(dst + i);
            }
        }
        for (; i < count; i++)
        {
            dst[i] = row[xofs[i]] * weights[8 * i] + row[xofs1[i]] * weights[8 * i + 1];
        }
    }
}
