using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The inner loop of a channel-major head (<c>[C, N]</c>, YOLOv8): a running maximum over class rows for a
/// tile of anchors, plus a flag per anchor that is non-zero once any of its scores was NaN or infinite
/// (<c>v − v</c> is +0 for finite <c>v</c> and NaN otherwise, so OR-ing its bits collects them for free).
/// Max is the native instruction: lanes that saw a NaN are flagged and dropped, so its NaN rule never matters.
/// The vector loads read through references without bounds checks; every loop stops at <c>n</c>, which
/// is checked against each span's length first.
/// </summary>
internal static class ColumnMax
{
    /// <summary><c>best[i] = max(best[i], row[i])</c>, <c>flags[i] |= bits(row[i] − row[i])</c>.</summary>
    public static void Accumulate(ReadOnlySpan<float> row, Span<float> best, Span<float> flags)
    {
        int n = row.Length;
        if (best.Length < n || flags.Length < n)
        {
            ThrowHelper.ThrowArgument("best and flags must be as long as the row", nameof(best));
        }
        ref float r = ref MemoryMarshal.GetReference(row);
        ref float b = ref MemoryMarshal.GetReference(best);
        ref float f = ref MemoryMarshal.GetReference(flags);
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> v = Vector512.LoadUnsafe(ref r, k);
                Vector512.MaxNative(Vector512.LoadUnsafe(ref b, k), v).StoreUnsafe(ref b, k);
                (Vector512.LoadUnsafe(ref f, k) | (v - v)).StoreUnsafe(ref f, k);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Vector256<float> v = Vector256.LoadUnsafe(ref r, k);
                Vector256.MaxNative(Vector256.LoadUnsafe(ref b, k), v).StoreUnsafe(ref b, k);
                (Vector256.LoadUnsafe(ref f, k) | (v - v)).StoreUnsafe(ref f, k);
            }
        }
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                nuint k = (nuint)i;
                Vector128<float> v = Vector128.LoadUnsafe(ref r, k);
                Vector128.MaxNative(Vector128.LoadUnsafe(ref b, k), v).StoreUnsafe(ref b, k);
                (Vector128.LoadUnsafe(ref f, k) | (v - v)).StoreUnsafe(ref f, k);
            }
        }
        for (; i < n; i++)
        {
            float v = row[i];
            if (v > best[i])
            {
                best[i] = v;
            }
            flags[i] = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(flags[i]) | BitConverter.SingleToInt32Bits(v - v));
        }
    }

    /// <summary>
    /// Writes to <paramref name="hits"/> the positions whose maximum is above <paramref name="threshold"/> or
    /// whose flag is set, in ascending order, and returns how many. Most anchors are neither, so the vector
    /// compare skips them a whole register at a time.
    /// </summary>
    public static int Flagged(ReadOnlySpan<float> best, ReadOnlySpan<float> flags, float threshold, Span<int> hits)
    {
        int n = best.Length;
        if (flags.Length < n || hits.Length < n)
        {
            ThrowHelper.ThrowArgument("flags and hits must be as long as best", nameof(flags));
        }
        ref float b = ref MemoryMarshal.GetReference(best);
        ref uint f = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<float, uint>(flags));
        int count = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // 256 bits is wide enough here: this pass is a small fraction of the row work.
            Vector256<float> t = Vector256.Create(threshold);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Vector256<uint> hit = Vector256.GreaterThan(Vector256.LoadUnsafe(ref b, k), t).AsUInt32()
                    | ~Vector256.Equals(Vector256.LoadUnsafe(ref f, k), Vector256<uint>.Zero);
                uint mask = hit.ExtractMostSignificantBits();
                while (mask != 0)
                {
                    hits[count++] = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> t = Vector128.Create(threshold);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                nuint k = (nuint)i;
                Vector128<uint> hit = Vector128.GreaterThan(Vector128.LoadUnsafe(ref b, k), t).AsUInt32()
                    | ~Vector128.Equals(Vector128.LoadUnsafe(ref f, k), Vector128<uint>.Zero);
                uint mask = hit.ExtractMostSignificantBits();
                while (mask != 0)
                {
                    hits[count++] = i + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                }
            }
        }
        for (; i < n; i++)
        {
            if (best[i] > threshold || BitConverter.SingleToUInt32Bits(flags[i]) != 0)
            {
                hits[count++] = i;
            }
        }
        return count;
    }
}
