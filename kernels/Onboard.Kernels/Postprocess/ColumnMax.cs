using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The inner loop of a channel-major head (<c>[C, N]</c>, YOLOv8): for a block of four vectors of anchors,
/// the maximum over every class row, its first class (a strict compare keeps the earliest, as argmax), and
/// whether any score was NaN or infinite, with the twelve accumulators in registers while the rows stream
/// past (each row contributes one contiguous run per block). On the benchmark head this runs at the speed
/// of a plain streaming max over the same bytes: it is memory-bound.
/// Non-finite detection rides on a running sum: a sum of finite scores is finite unless it overflows, so a
/// non-finite sum sends the anchor to an exact scalar re-check (which then finds an overflow harmless).
/// Max is the native instruction: its NaN rule never matters, because a NaN also poisons the sum.
/// </summary>
internal static class ColumnMax
{
    /// <summary>
    /// For the <c>4 × TOps.Count</c> anchors at <paramref name="offset"/>, <paramref name="rows"/> rows of
    /// <paramref name="stride"/> floats apart: returns a bit per anchor, set when its maximum is above
    /// <paramref name="threshold"/> or its sum is not finite. When any bit is set, writes each anchor's
    /// maximum to <paramref name="best"/>, its class (as a float) to <paramref name="classes"/> and its sum to
    /// <paramref name="sums"/> (64 floats each). The loads skip bounds checks: the caller checks that the
    /// block's last row ends inside <paramref name="head"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Block<TVec, TOps>(ReadOnlySpan<float> head, int offset, int stride, int rows, float threshold,
        Span<float> best, Span<float> classes, Span<float> sums)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        int width = TOps.Count;
        nuint w = (nuint)width;
        ref float r = ref MemoryMarshal.GetReference(head);
        nuint o = (nuint)offset;
        TVec b0 = TOps.Load(ref r, o), b1 = TOps.Load(ref r, o + w), b2 = TOps.Load(ref r, o + 2 * w), b3 = TOps.Load(ref r, o + 3 * w);
        TVec s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        TVec c0 = TOps.Zero, c1 = TOps.Zero, c2 = TOps.Zero, c3 = TOps.Zero, row = TOps.Zero;
        for (int c = 1; c < rows; c++)
        {
            o += (nuint)stride;
            row = TOps.Add(row, TOps.One);
            TVec v0 = TOps.Load(ref r, o), v1 = TOps.Load(ref r, o + w), v2 = TOps.Load(ref r, o + 2 * w), v3 = TOps.Load(ref r, o + 3 * w);
            c0 = TOps.Select(TOps.GreaterThan(v0, b0), row, c0);
            c1 = TOps.Select(TOps.GreaterThan(v1, b1), row, c1);
            c2 = TOps.Select(TOps.GreaterThan(v2, b2), row, c2);
            c3 = TOps.Select(TOps.GreaterThan(v3, b3), row, c3);
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
        ulong mask = Hits<TVec, TOps>(b0, s0, t) | (Hits<TVec, TOps>(b1, s1, t) << width)
            | (Hits<TVec, TOps>(b2, s2, t) << (2 * width)) | (Hits<TVec, TOps>(b3, s3, t) << (3 * width));
        if (mask != 0)
        {
            Store4<TVec, TOps>(best, b0, b1, b2, b3);
            Store4<TVec, TOps>(classes, c0, c1, c2, c3);
            Store4<TVec, TOps>(sums, s0, s1, s2, s3);
        }
        return mask;
    }

    // Above the threshold, or a sum that is not finite (s − s is NaN exactly then).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hits<TVec, TOps>(TVec best, TVec sum, TVec threshold)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec> =>
        TOps.Mask(TOps.Or(TOps.GreaterThan(best, threshold), TOps.Not(TOps.Equal(TOps.Subtract(sum, sum), TOps.Zero))));

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
