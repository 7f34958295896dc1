using System.Runtime.CompilerServices;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Preprocess;

internal readonly unsafe partial struct TensorWriter
{
    /// <summary>
    /// <c>v·a + b</c> as the reference rounds it, chosen once per call as a type argument so the float kernels'
    /// loops hold no branch on it: the fused instruction where the width has one, else the formula
    /// <see cref="ChooseAffine"/> proved equal for every 8-bit value.
    /// </summary>
    private interface IAffine
    {
        static abstract TVec Apply<TVec, TOps>(TVec v, TVec a, TVec b)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>;
    }

    private readonly struct FusedAffine : IAffine
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Apply<TVec, TOps>(TVec v, TVec a, TVec b)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.FusedMultiplyAdd(v, a, b);
    }

    /// <summary>Fused where native, else multiply then add; <typeparamref name="TForce"/> (tests) uses the formula at every width.</summary>
    private readonly struct SeparateAffine<TForce> : IAffine
        where TForce : struct, IFlag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Apply<TVec, TOps>(TVec v, TVec a, TVec b)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.HasFusedMultiplyAdd && !TForce.Value ? TOps.FusedMultiplyAdd(v, a, b) : TOps.Add(TOps.Multiply(a, v), b);
    }

    /// <summary>Fused where native, else through double; <typeparamref name="TForce"/> (tests) uses the formula at every width.</summary>
    private readonly struct WidenedAffine<TForce> : IAffine
        where TForce : struct, IFlag
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVec Apply<TVec, TOps>(TVec v, TVec a, TVec b)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.HasFusedMultiplyAdd && !TForce.Value ? TOps.FusedMultiplyAdd(v, a, b) : TOps.MultiplyAddWidened(v, a, b);
    }

    private interface IFlag
    {
        static abstract bool Value { get; }
    }

    private readonly struct No : IFlag
    {
        public static bool Value => false;
    }

    private readonly struct Yes : IFlag
    {
        public static bool Value => true;
    }

    /// <summary>A float kernel over this writer's coefficients, generic over how it does the multiply-add.</summary>
    private interface IFloatRun
    {
        void Run<TAffine>(in TensorWriter writer)
            where TAffine : struct, IAffine;
    }

    /// <summary>Runs <paramref name="run"/> with the <see cref="IAffine"/> this call's mode selects.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WithAffine<TRun>(ref TRun run)
        where TRun : struct, IFloatRun
    {
        switch (_affine, _affineEverywhere)
        {
            case (AffineMode.Separate, false):
                run.Run<SeparateAffine<No>>(this);
                break;
            case (AffineMode.Separate, true):
                run.Run<SeparateAffine<Yes>>(this);
                break;
            case (AffineMode.Widened, false):
                run.Run<WidenedAffine<No>>(this);
                break;
            case (AffineMode.Widened, true):
                run.Run<WidenedAffine<Yes>>(this);
                break;
            default:
                run.Run<FusedAffine>(this);
                break;
        }
    }
}
