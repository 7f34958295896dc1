using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The inner loop of a channel-major head (<c>[C, N]</c>, YOLOv8): for a block of four vectors of anchors,
/// the maximum over every class row and whether any score was NaN or infinite, with the eight accumulators
/// in registers while the rows stream past (each row contributes one contiguous run per block). Only the
/// max and a sum per row: two operations per vector (tracking the class too took five, which 128-bit vectors
/// cannot afford). The few anchors above the threshold find their class afterwards (<see cref="Classes"/>),
/// while the block is still in L1.
/// Non-finite detection rides on the running sum: a sum of finite scores is finite unless it overflows, so a
/// non-finite sum sends the anchor to an exact scalar re-check (which then finds an overflow harmless).
/// Max is the native instruction: its NaN rule never matters, because a NaN also poisons the sum.
/// </summary>
internal static class ColumnMax
{
    /// <summary>
    /// For the <c>4 × TOps.Count</c> anchors at <paramref name="offset"/>, <paramref name="rows"/> rows of
    /// <paramref name="stride"/> floats apart: returns a bit per anchor, set when its maximum is above
    /// <paramref name="threshold"/> or its sum is not finite, and in <paramref name="nonFinite"/> the latter.
    /// When any bit is set, writes each anchor's maximum to <paramref name="best"/> (64 floats). The loads
    /// skip bounds checks: the caller checks that the block's last row ends inside <paramref name="head"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Block<TVec, TOps>(ReadOnlySpan<float> head, int offset, int stride, int rows, float threshold,
        Span<float> best, out ulong nonFinite)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        int width = TOps.Count;
        nuint w = (nuint)width;
        ref float r = ref MemoryMarshal.GetReference(head);
        nuint o = (nuint)offset;
        TVec b0 = TOps.Load(ref r, o), b1 = TOps.Load(ref r, o + w), b2 = TOps.Load(ref r, o + 2 * w), b3 = TOps.Load(ref r, o + 3 * w);
        TVec s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        for (int c = 1; c < rows; c++)
        {
            o += (nuint)stride;
            TVec v0 = TOps.Load(ref r, o), v1 = TOps.Load(ref r, o + w), v2 = TOps.Load(ref r, o + 2 * w), v3 = TOps.Load(ref r, o + 3 * w);
            b0 = TOps.MaxNative(b0, v0);
            b1 = TOps.MaxNative(b1, v1);
            b2 = TOps.MaxNative(b2, v2);
            b3 = TOps.MaxNative(b3, v3);
            s0 = TOps.Add(s0, v0);
            s1 = TOps.Add(s1, v1);
            s2 = TOps.Add(s2, v2);
            s3 = TOps.Add(s3, v3);
        }
        TVec t = TOps.Broadcast(threshold);
        nonFinite = NonFinite<TVec, TOps>(s0) | (NonFinite<TVec, TOps>(s1) << width)
            | (NonFinite<TVec, TOps>(s2) << (2 * width)) | (NonFinite<TVec, TOps>(s3) << (3 * width));
        ulong above = TOps.Mask(TOps.GreaterThan(b0, t)) | (TOps.Mask(TOps.GreaterThan(b1, t)) << width)
            | (TOps.Mask(TOps.GreaterThan(b2, t)) << (2 * width)) | (TOps.Mask(TOps.GreaterThan(b3, t)) << (3 * width));
        ulong mask = above | nonFinite;
        if (mask != 0)
        {
            Store4<TVec, TOps>(best, b0, b1, b2, b3);
        }
        return mask;
    }

    /// <summary>
    /// For the <c>TOps.Count</c> anchors at <paramref name="offset"/> whose bits are set in
    /// <paramref name="pending"/> (finite maxima <paramref name="best"/>): the first class whose score equals
    /// the maximum, which is argmax's first-on-ties answer (no earlier score is larger), written to
    /// <paramref name="classes"/> by lane. One compare per row for all the lanes, stopping when every pending
    /// lane has its class. The caller checks the rows lie inside <paramref name="head"/>.
    /// </summary>
    public static void Classes<TVec, TOps>(ReadOnlySpan<float> head, int offset, int stride, int rows, ReadOnlySpan<float> best,
        ulong pending, Span<int> classes)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        ref float r = ref MemoryMarshal.GetReference(head);
        TVec max = TOps.Load(ref MemoryMarshal.GetReference(best), 0);
        nuint o = (nuint)offset;
        for (int c = 0; c < rows && pending != 0; c++, o += (nuint)stride)
        {
            ulong found = TOps.Mask(TOps.Equal(TOps.Load(ref r, o), max)) & pending;
            pending &= ~found;
            while (found != 0)
            {
                classes[BitOperations.TrailingZeroCount(found)] = c;
                found &= found - 1;
            }
        }
    }

    // A sum that is not finite: s − s is NaN exactly then.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonFinite<TVec, TOps>(TVec sum)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec> =>
        TOps.Mask(TOps.Not(TOps.Equal(TOps.Subtract(sum, sum), TOps.Zero)));

    // The destinations are the decoder's 64-float stack buffers; four vectors are at most 64 floats.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<TVec, TOps>(Span<float> destination, TVec v0, TVec v1, TVec v2, TVec v3)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        nuint w = (nuint)TOps.Count;
        ref float d = ref MemoryMarshal.GetReference(destination);
        TOps.Store(v0, ref d, 0);
        TOps.Store(v1, ref d, w);
        TOps.Store(v2, ref d, 2 * w);
        TOps.Store(v3, ref d, 3 * w);
    }
}
