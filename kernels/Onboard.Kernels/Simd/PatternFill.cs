using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Simd;

/// <summary>
/// Fills memory with a 48-byte pattern, three 16-byte lanes A B C repeating: every constant a tensor's padding
/// needs (one value per plane, or the three channel values of an interleaved pixel at 4, 2 or 1 bytes each)
/// repeats within 48 bytes. Stores whole units of three registers at the widest allowed width, the rest in
/// 48-byte units, the last bytes one by one. Ours rather than <c>Span.Fill</c> so it is compiled optimised on
/// first use like the rest of the per-frame path: the BCL's generic Fill runs unoptimised for its first 30
/// calls, ~0.5 ms a frame of letterbox padding.
/// </summary>
internal static unsafe class PatternFill
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(byte* destination, nint bytes, Vector128<byte> a, Vector128<byte> b, Vector128<byte> c, int maxVectorBits)
    {
        // Safe: the caller owns [destination, destination + bytes).
        nint done = 0;
        if (VectorLoop.Allows<Vector512<float>, Vector512Ops>(maxVectorBits))
        {
            done = Units<Vector512<float>, Vector512Ops>(destination, done, bytes, a, b, c);
        }
        if (VectorLoop.Allows<Vector256<float>, Vector256Ops>(maxVectorBits))
        {
            done = Units<Vector256<float>, Vector256Ops>(destination, done, bytes, a, b, c);
        }
        if (VectorLoop.Allows<Vector128<float>, Vector128Ops>(maxVectorBits))
        {
            done = Units<Vector128<float>, Vector128Ops>(destination, done, bytes, a, b, c);
        }
        if (done < bytes)
        {
            // Every unit is a multiple of 48 bytes, so the pattern's phase at `done` is 0.
            byte* pattern = stackalloc byte[48];
            a.Store(pattern);
            b.Store(pattern + 16);
            c.Store(pattern + 32);
            for (nint i = done; i < bytes; i++)
            {
                destination[i] = pattern[(i - done) % 48];
            }
        }
    }

    /// <summary>A 16-byte lane holding <paramref name="value"/> in every element.</summary>
    public static Vector128<byte> Lane(float value) => Vector128.Create(value).AsByte();

    /// <inheritdoc cref="Lane(float)"/>
    public static Vector128<byte> Lane(Half value) => Vector128.Create(BitConverter.HalfToUInt16Bits(value)).AsByte();

    /// <inheritdoc cref="Lane(float)"/>
    public static Vector128<byte> Lane(byte value) => Vector128.Create(value);

    /// <summary>The three lanes of <c>v0 v1 v2 v0 v1 v2 …</c> (4-byte elements).</summary>
    public static (Vector128<byte> A, Vector128<byte> B, Vector128<byte> C) Triples(float v0, float v1, float v2) =>
        (Vector128.Create(v0, v1, v2, v0).AsByte(), Vector128.Create(v1, v2, v0, v1).AsByte(), Vector128.Create(v2, v0, v1, v2).AsByte());

    /// <summary>The three lanes of <c>v0 v1 v2 v0 v1 v2 …</c> (2-byte elements).</summary>
    public static (Vector128<byte> A, Vector128<byte> B, Vector128<byte> C) Triples(Half h0, Half h1, Half h2)
    {
        (ushort v0, ushort v1, ushort v2) = (BitConverter.HalfToUInt16Bits(h0), BitConverter.HalfToUInt16Bits(h1), BitConverter.HalfToUInt16Bits(h2));
        return (Vector128.Create(v0, v1, v2, v0, v1, v2, v0, v1).AsByte(),
            Vector128.Create(v2, v0, v1, v2, v0, v1, v2, v0).AsByte(),
            Vector128.Create(v1, v2, v0, v1, v2, v0, v1, v2).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Units<TVec, TOps>(byte* destination, nint from, nint bytes, Vector128<byte> a, Vector128<byte> b, Vector128<byte> c)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        nint unit = 3 * TOps.Bits / 8;
        TVec va = TOps.BroadcastLanes(a);
        TVec vb = TOps.BroadcastLanes(b);
        TVec vc = TOps.BroadcastLanes(c);
        nint i = from;
        for (; i <= bytes - unit; i += unit)
        {
            TOps.StoreLanesInterleaved3(va, vb, vc, destination + i);
        }
        return i;
    }
}
