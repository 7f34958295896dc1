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
    /// Sorts into this order without allocating in steady state. <c>Span.Sort</c> with a comparer would box
    /// it and build a delegate on every call, so this sorts 64-bit keys instead (score mapped to an
    /// order-preserving integer in the high half, position in the low half), gathers the detections in key
    /// order, and fixes the rare runs of equal scores up by index with an insertion sort. Scratch comes from
    /// <see cref="ArrayPool{T}.Shared"/>. Scores must not be NaN (decoders drop those).
    /// </summary>
    public static void Sort(Span<Detection> detections)
    {
        int n = detections.Length;
        if (n < 2)
        {
            return;
        }
        ulong[] keys = ArrayPool<ulong>.Shared.Rent(n);
        Detection[] gathered = ArrayPool<Detection>.Shared.Rent(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = ((ulong)DescendingKey(detections[i].Score) << 32) | (uint)i;
            }
            keys.AsSpan(0, n).Sort();
            for (int i = 0; i < n; i++)
            {
                gathered[i] = detections[(int)(uint)keys[i]];
            }
            int start = 0;
            for (int i = 1; i <= n; i++)
            {
                if (i == n || (keys[i] >> 32) != (keys[start] >> 32))
                {
                    if (i - start > 1)
                    {
                        InsertionSort(gathered.AsSpan(start, i - start));
                    }
                    start = i;
                }
            }
            gathered.AsSpan(0, n).CopyTo(detections);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<Detection>.Shared.Return(gathered);
        }
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
