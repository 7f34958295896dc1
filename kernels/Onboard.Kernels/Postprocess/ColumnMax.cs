using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The inner loop of a channel-major head (<c>[C, N]</c>, YOLOv8): for a block of four vectors of anchors,
/// the maximum over every class row, its first class (a strict compare keeps the earliest, as argmax), and
/// whether any score was NaN or infinite, with the twelve accumulators in registers while the rows stream
/// past (each row contributes one contiguous run per block). Measured on the benchmark head this runs at
/// the speed of a plain streaming max over the same bytes: it is memory-bound. Non-finite
/// detection rides on a running sum: a sum of finite scores is finite unless it overflows, so a non-finite
/// sum flags the anchor for an exact scalar re-check (an overflow is then found not to be corrupt data).
/// Max is the native instruction: its NaN rule never matters, because a NaN also poisons the sum.
/// The loads go through references without bounds checks: callers check that the block's last row ends
/// inside the span (<see cref="YoloV8Decoder"/> validates the whole head's length first).
/// </summary>
internal static class ColumnMax
{
    /// <summary>
    /// For the <c>4 × Vector512&lt;float&gt;.Count</c> anchors at <paramref name="offset"/>, <paramref name="rows"/> rows of
    /// <paramref name="stride"/> floats apart: returns
    /// a bit per anchor set when the maximum is above <paramref name="threshold"/> or the sum is not finite.
    /// When any bit is set, writes each anchor's maximum to <paramref name="best"/>, its class (as a
    /// float) to <paramref name="classes"/> and its sum to <paramref name="sums"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Block512(ReadOnlySpan<float> head, int offset, int stride, int rows, float threshold, Span<float> best, Span<float> classes, Span<float> sums)
    {
        const int W = 16;
        ref float r = ref MemoryMarshal.GetReference(head);
        nuint o = (nuint)offset;
        Vector512<float> b0 = Vector512.LoadUnsafe(ref r, o), b1 = Vector512.LoadUnsafe(ref r, o + W);
        Vector512<float> b2 = Vector512.LoadUnsafe(ref r, o + 2 * W), b3 = Vector512.LoadUnsafe(ref r, o + 3 * W);
        Vector512<float> s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, row = default;
        for (int c = 1; c < rows; c++)
        {
            o += (nuint)stride;
            row += Vector512<float>.One;
            Vector512<float> v0 = Vector512.LoadUnsafe(ref r, o), v1 = Vector512.LoadUnsafe(ref r, o + W);
            Vector512<float> v2 = Vector512.LoadUnsafe(ref r, o + 2 * W), v3 = Vector512.LoadUnsafe(ref r, o + 3 * W);
            c0 = Vector512.ConditionalSelect(Vector512.GreaterThan(v0, b0), row, c0);
            c1 = Vector512.ConditionalSelect(Vector512.GreaterThan(v1, b1), row, c1);
            c2 = Vector512.ConditionalSelect(Vector512.GreaterThan(v2, b2), row, c2);
            c3 = Vector512.ConditionalSelect(Vector512.GreaterThan(v3, b3), row, c3);
            b0 = Vector512.MaxNative(b0, v0);
            b1 = Vector512.MaxNative(b1, v1);
            b2 = Vector512.MaxNative(b2, v2);
            b3 = Vector512.MaxNative(b3, v3);
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
        }
        Vector512<float> t = Vector512.Create(threshold);
        ulong mask = Hits(b0, s0, t) | (Hits(b1, s1, t) << W) | (Hits(b2, s2, t) << (2 * W)) | (Hits(b3, s3, t) << (3 * W));
        if (mask != 0)
        {
            ref float d = ref MemoryMarshal.GetReference(best);
            b0.StoreUnsafe(ref d, 0);
            b1.StoreUnsafe(ref d, W);
            b2.StoreUnsafe(ref d, 2 * W);
            b3.StoreUnsafe(ref d, 3 * W);
            ref float k = ref MemoryMarshal.GetReference(classes);
            c0.StoreUnsafe(ref k, 0);
            c1.StoreUnsafe(ref k, W);
            c2.StoreUnsafe(ref k, 2 * W);
            c3.StoreUnsafe(ref k, 3 * W);
            ref float m = ref MemoryMarshal.GetReference(sums);
            s0.StoreUnsafe(ref m, 0);
            s1.StoreUnsafe(ref m, W);
            s2.StoreUnsafe(ref m, 2 * W);
            s3.StoreUnsafe(ref m, 3 * W);
        }
        return mask;
    }

    /// <summary><see cref="Block512"/> for 4 × 8 anchors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Block256(ReadOnlySpan<float> head, int offset, int stride, int rows, float threshold, Span<float> best, Span<float> classes, Span<float> sums)
    {
        const int W = 8;
        ref float r = ref MemoryMarshal.GetReference(head);
        nuint o = (nuint)offset;
        Vector256<float> b0 = Vector256.LoadUnsafe(ref r, o), b1 = Vector256.LoadUnsafe(ref r, o + W);
        Vector256<float> b2 = Vector256.LoadUnsafe(ref r, o + 2 * W), b3 = Vector256.LoadUnsafe(ref r, o + 3 * W);
        Vector256<float> s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, row = default;
        for (int c = 1; c < rows; c++)
        {
            o += (nuint)stride;
            row += Vector256<float>.One;
            Vector256<float> v0 = Vector256.LoadUnsafe(ref r, o), v1 = Vector256.LoadUnsafe(ref r, o + W);
            Vector256<float> v2 = Vector256.LoadUnsafe(ref r, o + 2 * W), v3 = Vector256.LoadUnsafe(ref r, o + 3 * W);
            c0 = Vector256.ConditionalSelect(Vector256.GreaterThan(v0, b0), row, c0);
            c1 = Vector256.ConditionalSelect(Vector256.GreaterThan(v1, b1), row, c1);
            c2 = Vector256.ConditionalSelect(Vector256.GreaterThan(v2, b2), row, c2);
            c3 = Vector256.ConditionalSelect(Vector256.GreaterThan(v3, b3), row, c3);
            b0 = Vector256.MaxNative(b0, v0);
            b1 = Vector256.MaxNative(b1, v1);
            b2 = Vector256.MaxNative(b2, v2);
            b3 = Vector256.MaxNative(b3, v3);
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
        }
        Vector256<float> t = Vector256.Create(threshold);
        ulong mask = Hits(b0, s0, t) | (Hits(b1, s1, t) << W) | (Hits(b2, s2, t) << (2 * W)) | (Hits(b3, s3, t) << (3 * W));
        if (mask != 0)
        {
            ref float d = ref MemoryMarshal.GetReference(best);
            b0.StoreUnsafe(ref d, 0);
            b1.StoreUnsafe(ref d, W);
            b2.StoreUnsafe(ref d, 2 * W);
            b3.StoreUnsafe(ref d, 3 * W);
            ref float k = ref MemoryMarshal.GetReference(classes);
            c0.StoreUnsafe(ref k, 0);
            c1.StoreUnsafe(ref k, W);
            c2.StoreUnsafe(ref k, 2 * W);
            c3.StoreUnsafe(ref k, 3 * W);
            ref float m = ref MemoryMarshal.GetReference(sums);
            s0.StoreUnsafe(ref m, 0);
            s1.StoreUnsafe(ref m, W);
            s2.StoreUnsafe(ref m, 2 * W);
            s3.StoreUnsafe(ref m, 3 * W);
        }
        return mask;
    }

    /// <summary><see cref="Block512"/> for 4 × 4 anchors (arm64 NEON).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Block128(ReadOnlySpan<float> head, int offset, int stride, int rows, float threshold, Span<float> best, Span<float> classes, Span<float> sums)
    {
        const int W = 4;
        ref float r = ref MemoryMarshal.GetReference(head);
        nuint o = (nuint)offset;
        Vector128<float> b0 = Vector128.LoadUnsafe(ref r, o), b1 = Vector128.LoadUnsafe(ref r, o + W);
        Vector128<float> b2 = Vector128.LoadUnsafe(ref r, o + 2 * W), b3 = Vector128.LoadUnsafe(ref r, o + 3 * W);
        Vector128<float> s0 = b0, s1 = b1, s2 = b2, s3 = b3;
        Vector128<float> c0 = default, c1 = default, c2 = default, c3 = default, row = default;
        for (int c = 1; c < rows; c++)
        {
            o += (nuint)stride;
            row += Vector128<float>.One;
            Vector128<float> v0 = Vector128.LoadUnsafe(ref r, o), v1 = Vector128.LoadUnsafe(ref r, o + W);
            Vector128<float> v2 = Vector128.LoadUnsafe(ref r, o + 2 * W), v3 = Vector128.LoadUnsafe(ref r, o + 3 * W);
            c0 = Vector128.ConditionalSelect(Vector128.GreaterThan(v0, b0), row, c0);
            c1 = Vector128.ConditionalSelect(Vector128.GreaterThan(v1, b1), row, c1);
            c2 = Vector128.ConditionalSelect(Vector128.GreaterThan(v2, b2), row, c2);
            c3 = Vector128.ConditionalSelect(Vector128.GreaterThan(v3, b3), row, c3);
            b0 = Vector128.MaxNative(b0, v0);
            b1 = Vector128.MaxNative(b1, v1);
            b2 = Vector128.MaxNative(b2, v2);
            b3 = Vector128.MaxNative(b3, v3);
            s0 += v0;
            s1 += v1;
            s2 += v2;
            s3 += v3;
        }
        Vector128<float> t = Vector128.Create(threshold);
        ulong mask = Hits(b0, s0, t) | (Hits(b1, s1, t) << W) | (Hits(b2, s2, t) << (2 * W)) | (Hits(b3, s3, t) << (3 * W));
        if (mask != 0)
        {
            ref float d = ref MemoryMarshal.GetReference(best);
            b0.StoreUnsafe(ref d, 0);
            b1.StoreUnsafe(ref d, W);
            b2.StoreUnsafe(ref d, 2 * W);
            b3.StoreUnsafe(ref d, 3 * W);
            ref float k = ref MemoryMarshal.GetReference(classes);
            c0.StoreUnsafe(ref k, 0);
            c1.StoreUnsafe(ref k, W);
            c2.StoreUnsafe(ref k, 2 * W);
            c3.StoreUnsafe(ref k, 3 * W);
            ref float m = ref MemoryMarshal.GetReference(sums);
            s0.StoreUnsafe(ref m, 0);
            s1.StoreUnsafe(ref m, W);
            s2.StoreUnsafe(ref m, 2 * W);
            s3.StoreUnsafe(ref m, 3 * W);
        }
        return mask;
    }

    // Above the threshold, or a sum that is not finite (s − s is NaN exactly then).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hits(Vector512<float> best, Vector512<float> sum, Vector512<float> threshold) =>
        (Vector512.GreaterThan(best, threshold) | ~Vector512.Equals(sum - sum, Vector512<float>.Zero)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hits(Vector256<float> best, Vector256<float> sum, Vector256<float> threshold) =>
        (Vector256.GreaterThan(best, threshold) | ~Vector256.Equals(sum - sum, Vector256<float>.Zero)).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hits(Vector128<float> best, Vector128<float> sum, Vector128<float> threshold) =>
        (Vector128.GreaterThan(best, threshold) | ~Vector128.Equals(sum - sum, Vector128<float>.Zero)).ExtractMostSignificantBits();
}
