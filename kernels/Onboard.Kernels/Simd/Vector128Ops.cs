using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Onboard.Kernels.Simd;

/// <summary>
/// <see cref="IVectorOps{TVec}"/> over <see cref="Vector128{T}"/>: SSE4.1/AVX on x64, NEON on arm64 (the
/// vehicle's width). Where the portable API has no single instruction for an operation (pmaddwd, pmulhw,
/// packuswb) the x86 and arm64 instructions are named here and a portable sequence covers anything else.
/// </summary>
internal readonly unsafe struct Vector128Ops : IVectorOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static int Bits => 128;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;
    public static bool HasFusedMultiplyAdd => Fma.IsSupported || AdvSimd.IsSupported;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    public static Vector128<float> One => Vector128<float>.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, ref float destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(void* source) => Vector128.Load((float*)source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, void* destination) => value.Store((float*)destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanesInterleaved3(Vector128<float> a, Vector128<float> b, Vector128<float> c, void* destination)
    {
        float* d = (float*)destination;
        a.Store(d);
        b.Store(d + 4);
        c.Store(d + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLanes12(Vector128<float> a, byte* destination)
    {
        Unsafe.WriteUnaligned(destination, a.AsUInt64().ToScalar());
        Unsafe.WriteUnaligned(destination + 8, a.AsUInt32().GetElement(2));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadWidenByteToInt32(byte* source)
    {
        if (Sse41.IsSupported)
        {
            return Sse41.ConvertToVector128Int32(source).AsSingle();
        }
        Vector128<byte> bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<uint>(source)).AsByte();
        return Vector128.WidenLower(Vector128.WidenLower(bytes)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadWidenByteToInt16(byte* source)
    {
        if (Sse41.IsSupported)
        {
            return Sse41.ConvertToVector128Int16(source).AsSingle();
        }
        return Vector128.WidenLower(Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(source)).AsByte()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadLanes(byte* source, int* index, int scale) => Vector128.Load((float*)(source + (nint)scale * index[0]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GatherInt32(byte* source, int* index) => Vector128.Create(
        Unsafe.ReadUnaligned<int>(source + index[0]), Unsafe.ReadUnaligned<int>(source + index[1]),
        Unsafe.ReadUnaligned<int>(source + index[2]), Unsafe.ReadUnaligned<int>(source + index[3])).AsSingle();

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
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAddWidened(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        Vector128<double> lower = Vector128.WidenLower(a) * Vector128.WidenLower(b) + Vector128.WidenLower(c);
        Vector128<double> upper = Vector128.WidenUpper(a) * Vector128.WidenUpper(b) + Vector128.WidenUpper(c);
        return Vector128.Narrow(lower, upper);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MinNative(Vector128<float> a, Vector128<float> b) => Vector128.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxNative(Vector128<float> a, Vector128<float> b) => Vector128.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ConvertInt32ToSingle(Vector128<float> a) => Vector128.ConvertToSingle(a.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(Vector128<float> a) => a.ExtractMostSignificantBits();

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
    public static Vector128<float> BroadcastInt32(int value) => Vector128.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> BroadcastInt16(short value) => Vector128.Create(value).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddInt32(Vector128<float> a, Vector128<float> b) => (a.AsInt32() + b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SubtractInt32(Vector128<float> a, Vector128<float> b) => (a.AsInt32() - b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyLowInt32(Vector128<float> a, Vector128<float> b) => (a.AsInt32() * b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MaxInt32(Vector128<float> a, Vector128<float> b) => Vector128.Max(a.AsInt32(), b.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftRightArithmeticInt32(Vector128<float> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftLeftInt32(Vector128<float> a, int count) => Vector128.ShiftLeft(a.AsInt32(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> AddInt16(Vector128<float> a, Vector128<float> b) => (a.AsInt16() + b.AsInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftRightArithmeticInt16(Vector128<float> a, int count) => Vector128.ShiftRightArithmetic(a.AsInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShiftRightLogicalInt16(Vector128<float> a, int count) => Vector128.ShiftRightLogical(a.AsUInt16(), count).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyHighInt16(Vector128<float> a, Vector128<float> b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyHigh(a.AsInt16(), b.AsInt16()).AsSingle();
        }
        if (AdvSimd.IsSupported)
        {
            Vector128<int> lower = AdvSimd.MultiplyWideningLower(a.AsInt16().GetLower(), b.AsInt16().GetLower());
            Vector128<int> upper = AdvSimd.MultiplyWideningUpper(a.AsInt16(), b.AsInt16());
            return AdvSimd.ShiftRightArithmeticNarrowingSaturateUpper(AdvSimd.ShiftRightArithmeticNarrowingSaturateLower(lower, 16), upper, 16).AsSingle();
        }
        (Vector128<int> al, Vector128<int> ah) = Vector128.Widen(a.AsInt16());
        (Vector128<int> bl, Vector128<int> bh) = Vector128.Widen(b.AsInt16());
        return Vector128.Narrow(Vector128.ShiftRightArithmetic(al * bl, 16), Vector128.ShiftRightArithmetic(ah * bh, 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAddAdjacentInt16(Vector128<float> a, Vector128<float> b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyAddAdjacent(a.AsInt16(), b.AsInt16()).AsSingle();
        }
        if (AdvSimd.Arm64.IsSupported)
        {
            Vector128<int> lower = AdvSimd.MultiplyWideningLower(a.AsInt16().GetLower(), b.AsInt16().GetLower());
            Vector128<int> upper = AdvSimd.MultiplyWideningUpper(a.AsInt16(), b.AsInt16());
            return AdvSimd.Arm64.AddPairwise(lower, upper).AsSingle();
        }
        // Each 32-bit lane is (low short, high short): sign-extend both halves and add their products.
        Vector128<int> ai = a.AsInt32();
        Vector128<int> bi = b.AsInt32();
        Vector128<int> low = Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(ai, 16), 16) * Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(bi, 16), 16);
        return (low + Vector128.ShiftRightArithmetic(ai, 16) * Vector128.ShiftRightArithmetic(bi, 16)).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> DuplicateEvenInt32(Vector128<float> a) => Vector128.Shuffle(a.AsInt32(), Vector128.Create(0, 0, 2, 2)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> DuplicateOddInt32(Vector128<float> a) => Vector128.Shuffle(a.AsInt32(), Vector128.Create(1, 1, 3, 3)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> SwapPairsInt32(Vector128<float> a) => Vector128.Shuffle(a.AsInt32(), Vector128.Create(1, 0, 3, 2)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NarrowSaturateInt32ToInt16(Vector128<float> lower, Vector128<float> upper) =>
        Vector128.NarrowWithSaturation(lower.AsInt32(), upper.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NarrowSaturateInt16ToByte(Vector128<float> lower, Vector128<float> upper)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.PackUnsignedSaturate(lower.AsInt16(), upper.AsInt16()).AsSingle();
        }
        if (AdvSimd.IsSupported)
        {
            return AdvSimd.ExtractNarrowingSaturateUnsignedUpper(AdvSimd.ExtractNarrowingSaturateUnsignedLower(lower.AsInt16()), upper.AsInt16()).AsSingle();
        }
        Vector128<short> zero = Vector128<short>.Zero;
        return Vector128.NarrowWithSaturation(Vector128.Max(lower.AsInt16(), zero).AsUInt16(), Vector128.Max(upper.AsInt16(), zero).AsUInt16()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NarrowInt32ToInt16(Vector128<float> lower, Vector128<float> upper) => Vector128.Narrow(lower.AsInt32(), upper.AsInt32()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> NarrowInt16ToByte(Vector128<float> lower, Vector128<float> upper) => Vector128.Narrow(lower.AsUInt16(), upper.AsUInt16()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> PackSaturateInt32ToInt16InLanes(Vector128<float> a, Vector128<float> b) => NarrowSaturateInt32ToInt16(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> PackSaturateInt16ToByteInLanes(Vector128<float> a, Vector128<float> b) => NarrowSaturateInt16ToByte(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ShuffleBytesInLanes(Vector128<float> a, Vector128<float> control) =>
        Vector128.ShuffleNative(a.AsByte(), control.AsByte()).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> BroadcastLanes(Vector128<byte> lane) => lane.AsSingle();
}
