using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Onboard.Kernels.Simd;

/// <summary>
/// <see cref="IVectorOps{TVec}"/> over <see cref="Vector512{T}"/>: AVX-512 (F, BW). Ordered narrowing is the
/// in-lane pack plus a quadword permute.
/// </summary>
internal readonly unsafe struct Vector512Ops : IVectorOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static int Bits => 512;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported;
    public static bool HasFusedMultiplyAdd => Avx512F.IsSupported;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    public static Vector512<float> One => Vector512<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(void* source) => Vector512.Load((float*)source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, void* destination) => value.Store((float*)destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanesInterleaved3(Vector512<float> a, Vector512<float> b, Vector512<float> c, void* destination)
    {
        float* d = (float*)destination;
        Vector256Ops.StoreLanesInterleaved3(a.GetLower(), b.GetLower(), c.GetLower(), d);
        Vector256Ops.StoreLanesInterleaved3(a.GetUpper(), b.GetUpper(), c.GetUpper(), d + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanes12(Vector512<float> a, byte* destination)
    {
        Vector256Ops.StoreLanes12(a.GetLower(), destination);
        Vector256Ops.StoreLanes12(a.GetUpper(), destination + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadWidenByteToInt32(byte* source) => Avx512F.ConvertToVector512Int32(Vector128.Load(source)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadWidenByteToInt16(byte* source) => Avx512BW.ConvertToVector512Int16(Vector256.Load(source)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadLanes(byte* source, int* index, int scale) => Vector512.Create(
        Vector256.Create(Vector128.Load((float*)(source + (nint)scale * index[0])), Vector128.Load((float*)(source + (nint)scale * index[1]))),
        Vector256.Create(Vector128.Load((float*)(source + (nint)scale * index[2])), Vector128.Load((float*)(source + (nint)scale * index[3]))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GatherInt32(byte* source, int* index) => Vector512.Create(
        Avx2.GatherVector256((int*)source, Vector256.Load(index), 1),
        Avx2.GatherVector256((int*)source, Vector256.Load(index + 8), 1)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAddWidened(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
        Vector512<double> lower = Vector512.WidenLower(a) * Vector512.WidenLower(b) + Vector512.WidenLower(c);
        Vector512<double> upper = Vector512.WidenUpper(a) * Vector512.WidenUpper(b) + Vector512.WidenUpper(c);
        return Vector512.Narrow(lower, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MinNative(Vector512<float> a, Vector512<float> b) => Vector512.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxNative(Vector512<float> a, Vector512<float> b) => Vector512.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Equal(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ConvertInt32ToSingle(Vector512<float> a) => Vector512.ConvertToSingle(a.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(Vector512<float> a) => a.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> And(Vector512<float> a, Vector512<float> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Or(Vector512<float> a, Vector512<float> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Not(Vector512<float> a) => ~a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) =>
        Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BroadcastInt32(int value) => Vector512.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BroadcastInt16(short value) => Vector512.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AddInt32(Vector512<float> a, Vector512<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SubtractInt32(Vector512<float> a, Vector512<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyLowInt32(Vector512<float> a, Vector512<float> b) => (a.AsInt32() * b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MaxInt32(Vector512<float> a, Vector512<float> b) => Vector512.Max(a.AsInt32(), b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftRightArithmeticInt32(Vector512<float> a, int count) => Vector512.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftLeftInt32(Vector512<float> a, int count) => Vector512.ShiftLeft(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> AddInt16(Vector512<float> a, Vector512<float> b) => (a.AsInt16() + b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftRightArithmeticInt16(Vector512<float> a, int count) => Vector512.ShiftRightArithmetic(a.AsInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShiftRightLogicalInt16(Vector512<float> a, int count) => Vector512.ShiftRightLogical(a.AsUInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyHighInt16(Vector512<float> a, Vector512<float> b) => Avx512BW.MultiplyHigh(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAddAdjacentInt16(Vector512<float> a, Vector512<float> b) => Avx512BW.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> DuplicateEvenInt32(Vector512<float> a) => Avx512F.Shuffle(a.AsInt32(), 0b10_10_00_00).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> DuplicateOddInt32(Vector512<float> a) => Avx512F.Shuffle(a.AsInt32(), 0b11_11_01_01).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> SwapPairsInt32(Vector512<float> a) => Avx512F.Shuffle(a.AsInt32(), 0b10_11_00_01).AsSingle();

    // The in-lane pack leaves quadwords as a₀ b₀ | a₁ b₁ | a₂ b₂ | a₃ b₃; the permute puts them back in order.
    private static Vector512<long> Order { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512.Create(0L, 2, 4, 6, 1, 3, 5, 7); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NarrowSaturateInt32ToInt16(Vector512<float> lower, Vector512<float> upper) =>
        Avx512F.PermuteVar8x64(Avx512BW.PackSignedSaturate(lower.AsInt32(), upper.AsInt32()).AsInt64(), Order).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NarrowSaturateInt16ToByte(Vector512<float> lower, Vector512<float> upper) =>
        Avx512F.PermuteVar8x64(Avx512BW.PackUnsignedSaturate(lower.AsInt16(), upper.AsInt16()).AsInt64(), Order).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NarrowInt32ToInt16(Vector512<float> lower, Vector512<float> upper) => Vector512.Narrow(lower.AsInt32(), upper.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> NarrowInt16ToByte(Vector512<float> lower, Vector512<float> upper) => Vector512.Narrow(lower.AsUInt16(), upper.AsUInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PackSaturateInt32ToInt16InLanes(Vector512<float> a, Vector512<float> b) => Avx512BW.PackSignedSaturate(a.AsInt32(), b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> PackSaturateInt16ToByteInLanes(Vector512<float> a, Vector512<float> b) => Avx512BW.PackUnsignedSaturate(a.AsInt16(), b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ShuffleBytesInLanes(Vector512<float> a, Vector512<float> control) => Avx512BW.Shuffle(a.AsByte(), control.AsByte()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> BroadcastLanes(Vector128<byte> lane) => Vector512.Create(Vector256.Create(lane, lane), Vector256.Create(lane, lane)).AsSingle();
}
