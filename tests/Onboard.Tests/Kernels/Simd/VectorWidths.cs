using Onboard.Kernels.Simd;

namespace Onboard.Tests.Kernels.Simd;

/// <summary>
/// The widths every kernel test pins (512, 256, 128 bits, then 0 = scalar), as <c>maxVectorBits</c> values. A
/// width the machine lacks runs the next narrower one, so each test passes everywhere and covers what the
/// machine has: an AVX-512 x64 host covers all four; arm64 (NEON) covers 128 and scalar.
/// </summary>
public static class VectorWidths
{
    public static readonly int[] All = [VectorLoop.Widest, 256, 128, 0];

    public static TheoryData<int> Data() => new(All);

    /// <summary>Every item of <paramref name="items"/> at every width.</summary>
    public static TheoryData<T, int> Each<T>(IEnumerable<T> items)
    {
        var data = new TheoryData<T, int>();
        foreach (T item in items)
        {
            foreach (int bits in All)
            {
                data.Add(item, bits);
            }
        }
        return data;
    }
}
