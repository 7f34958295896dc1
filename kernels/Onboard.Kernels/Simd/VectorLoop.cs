using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Simd;

/// <summary>
/// The one loop every element-wise kernel runs in (TensorPrimitives' engine): the widest accelerated width
/// allowed by <c>maxVectorBits</c> whose block fits the run does whole blocks from the start, then one final
/// block that ends exactly at the run's end and overlaps the one before, so there is no scalar tail; runs
/// shorter than the narrowest block are scalar. <c>maxVectorBits</c> (512, 256, 128; 0 = scalar) pins the
/// width, so tests run every width on every machine that has it.
/// The loops are compiled fully optimised on first use (AggressiveOptimization, as is the rest of the per-frame
/// preprocessing path), not tiered up over the first ~30 frames, so after one warm-up call
/// (<c>FramePreprocessor.Warm</c>) the first real frame already runs at steady-state speed.
/// </summary>
internal static class VectorLoop
{
    /// <summary>The widest width any kernel has: the default for <c>maxVectorBits</c>.</summary>
    public const int Widest = 512;

    /// <summary>True when <typeparamref name="TOps"/>' width is accelerated and not above <paramref name="maxVectorBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Allows<TVec, TOps>(int maxVectorBits)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec> =>
        TOps.IsAccelerated && maxVectorBits >= TOps.Bits;

    /// <summary>Runs <paramref name="kernel"/> over elements <c>[0, count)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TKernel>(scoped ref TKernel kernel, int count, int maxVectorBits)
        where TKernel : struct, IVectorKernel, allows ref struct
    {
        if (Allows<Vector512<float>, Vector512Ops>(maxVectorBits) && count >= TKernel.BlockSize(Vector512Ops.Count))
        {
            Blocks<TKernel, Vector512<float>, Vector512Ops>(ref kernel, count);
        }
        else if (Allows<Vector256<float>, Vector256Ops>(maxVectorBits) && count >= TKernel.BlockSize(Vector256Ops.Count))
        {
            Blocks<TKernel, Vector256<float>, Vector256Ops>(ref kernel, count);
        }
        else if (Allows<Vector128<float>, Vector128Ops>(maxVectorBits) && count >= TKernel.BlockSize(Vector128Ops.Count))
        {
            Blocks<TKernel, Vector128<float>, Vector128Ops>(ref kernel, count);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                kernel.Scalar(i);
            }
        }
    }

    /// <summary>Whole blocks, then the overlapping final one; <paramref name="count"/> ≥ one block.</summary>
    /// <remarks>Never inlined: each width's body is its own method, so the JIT's inlining budget covers every
    /// operation of it (three widths in one method ran out of budget and left the 128-bit one calling them).</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Blocks<TKernel, TVec, TOps>(scoped ref TKernel kernel, int count)
        where TKernel : struct, IVectorKernel, allows ref struct
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        // A copy the loop owns: stores through the kernel's pointers cannot alias a local whose address never
        // escapes, so the JIT keeps its fields, like the prepared constants, in registers.
        TKernel local = kernel;
        local.Prepare<TVec, TOps>(out VectorConstants<TVec> constants);
        nint size = TKernel.BlockSize(TOps.Count);
        nint last = count - size;
        for (nint i = 0; i < last; i += size)
        {
            local.Block<TVec, TOps>(i, constants);
        }
        local.Block<TVec, TOps>(last, constants);
    }
}
