using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Onboard.Kernels.Simd;

/// <summary>
/// <see cref="IVectorOps{TVec}"/> over <see cref="Vector256{T}"/>: AVX2 (the only platform that accelerates
/// 256-bit vectors; arm64 has none). Ordered narrowing is AVX2's in-lane pack plus a quadword permute.
/// </summary>
internal readonly unsafe struct Vector256Ops : IVectorOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static int Bits => 256;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Avx2.IsSupported;
    public static bool HasFusedMultiplyAdd => Fma.IsSupported;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    public static Vector256<float> One => Vector256<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(void* source) => Vector256.Load((float*)source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, void* destination) => value.Store((float*)destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanesInterleaved3(Vector256<float> a, Vector256<float> b, Vector256<float> c, void* destination)
    {
        float* d = (float*)destination;
        Vector256.Create(a.GetLower(), b.GetLower()).Store(d);
        Vector256.Create(c.GetLower(), a.GetUpper()).Store(d + 8);
        Vector256.Create(b.GetUpper(), c.GetUpper()).Store(d + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanes12(Vector256<float> a, byte* destination)
    {
        Vector128Ops.StoreLanes12(a.GetLower(), destination);
        Vector128Ops.StoreLanes12(a.GetUpper(), destination + 12);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadWidenByteToInt32(byte* source) => Avx2.ConvertToVector256Int32(source).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadWidenByteToInt16(byte* source) => Avx2.ConvertToVector256Int16(source).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadLanes(byte* source, int* index, int scale) => Vector256.Create(
        Vector128.Load((float*)(source + (nint)scale * index[0])),
        Vector128.Load((float*)(source + (nint)scale * index[1])));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GatherInt32(byte* source, int* index) => Avx2.GatherVector256((int*)source, Vector256.Load(index), 1).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAddWidened(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        Vector256<double> lower = Vector256.WidenLower(a) * Vector256.WidenLower(b) + Vector256.WidenLower(c);
        Vector256<double> upper = Vector256.WidenUpper(a) * Vector256.WidenUpper(b) + Vector256.WidenUpper(c);
        return Vector256.Narrow(lower, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MinNative(Vector256<float> a, Vector256<float> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MaxNative(Vector256<float> a, Vector256<float> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ConvertInt32ToSingle(Vector256<float> a) => Vector256.ConvertToSingle(a.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(Vector256<float> a) => a.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> And(Vector256<float> a, Vector256<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Or(Vector256<float> a, Vector256<float> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Not(Vector256<float> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) =>
        Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BroadcastInt32(int value) => Vector256.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BroadcastInt16(short value) => Vector256.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AddInt32(Vector256<float> a, Vector256<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SubtractInt32(Vector256<float> a, Vector256<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyLowInt32(Vector256<float> a, Vector256<float> b) => (a.AsInt32() * b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MaxInt32(Vector256<float> a, Vector256<float> b) => Vector256.Max(a.AsInt32(), b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftRightArithmeticInt32(Vector256<float> a, int count) => Vector256.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftLeftInt32(Vector256<float> a, int count) => Vector256.ShiftLeft(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> AddInt16(Vector256<float> a, Vector256<float> b) => (a.AsInt16() + b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftRightArithmeticInt16(Vector256<float> a, int count) => Vector256.ShiftRightArithmetic(a.AsInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShiftRightLogicalInt16(Vector256<float> a, int count) => Vector256.ShiftRightLogical(a.AsUInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyHighInt16(Vector256<float> a, Vector256<float> b) => Avx2.MultiplyHigh(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAddAdjacentInt16(Vector256<float> a, Vector256<float> b) => Avx2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> DuplicateEvenInt32(Vector256<float> a) => Avx2.Shuffle(a.AsInt32(), 0b10_10_00_00).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> DuplicateOddInt32(Vector256<float> a) => Avx2.Shuffle(a.AsInt32(), 0b11_11_01_01).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> SwapPairsInt32(Vector256<float> a) => Avx2.Shuffle(a.AsInt32(), 0b10_11_00_01).AsSingle();

    // The in-lane pack leaves quadwords as a₀ b₀ | a₁ b₁; 0b11_01_10_00 puts them back in order a₀ a₁ b₀ b₁.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NarrowSaturateInt32ToInt16(Vector256<float> lower, Vector256<float> upper) =>
        Avx2.Permute4x64(Avx2.PackSignedSaturate(lower.AsInt32(), upper.AsInt32()).AsInt64(), 0b11_01_10_00).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NarrowSaturateInt16ToByte(Vector256<float> lower, Vector256<float> upper) =>
        Avx2.Permute4x64(Avx2.PackUnsignedSaturate(lower.AsInt16(), upper.AsInt16()).AsInt64(), 0b11_01_10_00).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NarrowInt32ToInt16(Vector256<float> lower, Vector256<float> upper) => Vector256.Narrow(lower.AsInt32(), upper.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> NarrowInt16ToByte(Vector256<float> lower, Vector256<float> upper) => Vector256.Narrow(lower.AsUInt16(), upper.AsUInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PackSaturateInt32ToInt16InLanes(Vector256<float> a, Vector256<float> b) => Avx2.PackSignedSaturate(a.AsInt32(), b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> PackSaturateInt16ToByteInLanes(Vector256<float> a, Vector256<float> b) => Avx2.PackUnsignedSaturate(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ShuffleBytesInLanes(Vector256<float> a, Vector256<float> control) => Avx2.Shuffle(a.AsByte(), control.AsByte()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> BroadcastLanes(Vector128<byte> lane) => Vector256.Create(lane, lane).AsSingle();
}
