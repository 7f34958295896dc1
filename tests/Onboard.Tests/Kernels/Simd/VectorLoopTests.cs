using System.Runtime.CompilerServices;
using Onboard.Kernels.Simd;

namespace Onboard.Tests.Kernels.Simd;

/// <summary>
/// The engine itself: at every width and every run length 0..256, each element is written exactly as the
/// scalar reference writes it and nothing before or after the run is touched, for a block of one register
/// and a block of four (the two shapes the kernels use).
/// </summary>
public sealed unsafe class VectorLoopTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void Run_EveryLength0To256_WritesEachElementOnceAsScalarAndNothingElse(int bits)
    {
        var source = new int[256 + 64];
        new Random(bits).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source.AsSpan()));
        var destination = new int[256 + 64];
        for (int count = 0; count <= 256; count++)
        {
            foreach (bool wide in new[] { false, true })
            {
                Array.Fill(destination, -7);
                fixed (int* s = source)
                fixed (int* d = destination)
                {
                    if (wide)
                    {
                        var kernel = new Doubling<Four>(s, d + 16);
                        VectorLoop.Run(ref kernel, count, bits);
                    }
                    else
                    {
                        var kernel = new Doubling<One>(s, d + 16);
                        VectorLoop.Run(ref kernel, count, bits);
                    }
                }
                for (int i = 0; i < destination.Length; i++)
                {
                    int expected = i >= 16 && i < 16 + count ? 2 * source[i - 16] + 1 : -7;
                    Assert.True(destination[i] == expected, $"{bits} bits, {(wide ? "4-register" : "1-register")} blocks, count {count}: element {i - 16}");
                }
            }
        }
    }

    private interface IBlockShape
    {
        static abstract int Registers { get; }
    }

    private readonly struct One : IBlockShape
    {
        public static int Registers => 1;
    }

    private readonly struct Four : IBlockShape
    {
        public static int Registers => 4;
    }

    /// <summary><c>d[i] = 2·s[i] + 1</c>, in blocks of <typeparamref name="TShape"/> registers.</summary>
    private readonly struct Doubling<TShape>(int* source, int* destination) : IVectorKernel
        where TShape : struct, IBlockShape
    {
        public static int BlockSize(int lanes) => TShape.Registers * lanes;

        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.BroadcastInt32(1);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            for (int r = 0; r < TShape.Registers; r++)
            {
                nint at = i + r * TOps.Count;
                TVec v = TOps.Load(source + at);
                TOps.Store(TOps.AddInt32(TOps.AddInt32(v, v), c.C0), destination + at);
            }
        }

        public void Scalar(int i) => destination[i] = 2 * source[i] + 1;
    }
}
