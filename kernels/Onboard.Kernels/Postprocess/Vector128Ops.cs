using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Onboard.Kernels.Postprocess;

/// <summary><see cref="IVectorOps{TVec}"/> over <see cref="Vector128{T}"/>.</summary>
internal readonly struct Vector128Ops : IVectorOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    public static Vector128<float> One => Vector128<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MinNative(Vector128<float> a, Vector128<float> b) => Vector128.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxNative(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> And(Vector128<float> a, Vector128<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Or(Vector128<float> a, Vector128<float> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Not(Vector128<float> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) =>
        Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(Vector128<float> a) => a.ExtractMostSignificantBits();
}
