using System.Buffers;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The total order every output of this folder is in: higher score first, then lower
/// <see cref="Detection.Index"/>, then lower class. Total, so any sort gives the same result run to run.
/// </summary>
internal readonly struct ScoreOrder : IComparer<Detection>
{
    public int Compare(Detection x, Detection y) => Before(x, y) ? -1 : Before(y, x) ? 1 : 0;

    /// <summary>True when <paramref name="x"/> comes strictly before <paramref name="y"/>.</summary>
    public static bool Before(in Detection x, in Detection y) =>
        x.Score > y.Score || (x.Score == y.Score && (x.Index < y.Index || (x.Index == y.Index && x.ClassId < y.ClassId)));

    /// <summary>
    /// Sorts into this order without allocating in steady state (<c>Span.Sort</c> with a comparer boxes it
    /// and builds a delegate on every call). Each detection becomes a 64-bit item, its score mapped to an
    /// order-preserving integer in the high half and its position in the low half; a stable LSD radix sort
    /// on the high half's bytes (skipping bytes every item shares, as the exponent byte of scores in (0, 1]
    /// mostly is) leaves ties in position order, which is index order for what decoders emit; runs of equal
    /// scores are then put in index order by insertion sort, which costs nothing when they already are.
    /// Scratch comes from <see cref="ArrayPool{T}.Shared"/>. Scores must not be NaN (decoders drop those).
    /// </summary>
    public static void Sort(Span<Detection> detections)
    {
        int n = detections.Length;
        if (n < 2)
        {
            return;
        }
        ulong[] items = ArrayPool<ulong>.Shared.Rent(2 * n);
        Detection[] sorted = ArrayPool<Detection>.Shared.Rent(n);
        try
        {
            SortInto(detections, sorted.AsSpan(0, n), items);
            sorted.AsSpan(0, n).CopyTo(detections);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(items);
            ArrayPool<Detection>.Shared.Return(sorted);
        }
    }

    /// <summary><see cref="Sort"/> from <paramref name="source"/> into <paramref name="destination"/> (same
    /// length), with the caller's <paramref name="scratch"/> of at least twice that length.</summary>
    public static void SortInto(ReadOnlySpan<Detection> source, Span<Detection> destination, Span<ulong> scratch)
    {
        int n = source.Length;
        if (destination.Length < n || scratch.Length < 2 * n)
        {
            ThrowHelper.ThrowArgument($"sorting {n} detections needs a destination of {n} and scratch of {2 * n}", nameof(scratch));
        }
        Span<ulong> a = scratch[..n];
        Span<ulong> b = scratch.Slice(n, n);
        for (int i = 0; i < n; i++)
        {
            a[i] = ((ulong)DescendingKey(source[i].Score) << 32) | (uint)i;
        }
        Span<int> counts = stackalloc int[256];
        for (int shift = 32; shift < 64; shift += 8)
        {
            if (n > 1 && RadixPass(a, b, counts, shift))
            {
                Span<ulong> swap = a;
                a = b;
                b = swap;
            }
        }
        for (int i = 0; i < n; i++)
        {
            destination[i] = source[(int)(uint)a[i]];
        }
        int start = 0;
        for (int i = 1; i <= n; i++)
        {
            if (i == n || (a[i] >> 32) != (a[start] >> 32))
            {
                if (i - start > 1)
                {
                    InsertionSort(destination.Slice(start, i - start));
                }
                start = i;
            }
        }
    }

    /// <summary>One stable counting pass on the byte at <paramref name="shift"/>, from <paramref name="from"/>
    /// into <paramref name="to"/>; false (and nothing moved) when every item has the same byte there.</summary>
    private static bool RadixPass(ReadOnlySpan<ulong> from, Span<ulong> to, Span<int> counts, int shift)
    {
        counts.Clear();
        foreach (ulong item in from)
        {
            counts[(int)(item >> shift) & 0xFF]++;
        }
        if (counts[(int)(from[0] >> shift) & 0xFF] == from.Length)
        {
            return false;
        }
        int sum = 0;
        for (int d = 0; d < 256; d++)
        {
            int c = counts[d];
            counts[d] = sum;
            sum += c;
        }
        foreach (ulong item in from)
        {
            to[counts[(int)(item >> shift) & 0xFF]++] = item;
        }
        return true;
    }

    /// <summary>An unsigned key that sorts ascending as the float sorts descending; −0 and +0 share one key.</summary>
    private static uint DescendingKey(float score)
    {
        uint bits = score == 0 ? 0u : BitConverter.SingleToUInt32Bits(score);
        uint ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ~ascending;
    }

    private static void InsertionSort(Span<Detection> run)
    {
        for (int i = 1; i < run.Length; i++)
        {
            Detection v = run[i];
            int j = i - 1;
            while (j >= 0 && Before(v, run[j]))
            {
                run[j + 1] = run[j];
                j--;
            }
            run[j + 1] = v;
        }
    }
}
