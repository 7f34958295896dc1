using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Intersection over union of one box against many, with the many held as columns (x1, y1, x2, y2, area).
/// Vector512 → 256 → 128 → scalar, every path computing exactly what <see cref="BoxF.IoU"/> computes, in
/// the same order, so the result is bit-for-bit the scalar one (tests hold it to that). Areas are passed
/// in because NMS computes each once, not once per pair.
/// </summary>
public static class BoxIoU
{
    /// <summary><c>destination[i] = IoU(box, boxes[i])</c>; 0 where the boxes do not overlap.</summary>
    public static void OneToMany(
        in BoxF box,
        ReadOnlySpan<float> x1,
        ReadOnlySpan<float> y1,
        ReadOnlySpan<float> x2,
        ReadOnlySpan<float> y2,
        ReadOnlySpan<float> areas,
        Span<float> destination)
    {
        int n = Validate(x1, y1, x2, y2, areas, destination.Length);
        ref float rx1 = ref MemoryMarshal.GetReference(x1);
        ref float ry1 = ref MemoryMarshal.GetReference(y1);
        ref float rx2 = ref MemoryMarshal.GetReference(x2);
        ref float ry2 = ref MemoryMarshal.GetReference(y2);
        ref float ra = ref MemoryMarshal.GetReference(areas);
        ref float rd = ref MemoryMarshal.GetReference(destination);
        float area = box.Area;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var b = new Box512(box, area);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Invoke(Vector512.LoadUnsafe(ref rx1, k), Vector512.LoadUnsafe(ref ry1, k), Vector512.LoadUnsafe(ref rx2, k),
                    Vector512.LoadUnsafe(ref ry2, k), Vector512.LoadUnsafe(ref ra, k), b).StoreUnsafe(ref rd, k);
            }
        }
        if (Vector256.IsHardwareAccelerated && n - i >= Vector256<float>.Count)
        {
            var b = new Box256(box, area);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Invoke(Vector256.LoadUnsafe(ref rx1, k), Vector256.LoadUnsafe(ref ry1, k), Vector256.LoadUnsafe(ref rx2, k),
                    Vector256.LoadUnsafe(ref ry2, k), Vector256.LoadUnsafe(ref ra, k), b).StoreUnsafe(ref rd, k);
            }
        }
        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<float>.Count)
        {
            var b = new Box128(box, area);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                nuint k = (nuint)i;
                Invoke(Vector128.LoadUnsafe(ref rx1, k), Vector128.LoadUnsafe(ref ry1, k), Vector128.LoadUnsafe(ref rx2, k),
                    Vector128.LoadUnsafe(ref ry2, k), Vector128.LoadUnsafe(ref ra, k), b).StoreUnsafe(ref rd, k);
            }
        }
        for (; i < n; i++)
        {
            destination[i] = Invoke(x1[i], y1[i], x2[i], y2[i], areas[i], box, area);
        }
    }

    /// <summary>The scalar reference: <see cref="BoxF.IoU"/> per box, nothing shared.</summary>
    public static void OneToManyReference(
        in BoxF box,
        ReadOnlySpan<float> x1,
        ReadOnlySpan<float> y1,
        ReadOnlySpan<float> x2,
        ReadOnlySpan<float> y2,
        Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = BoxF.IoU(box, new BoxF(x1[i], y1[i], x2[i], y2[i]));
        }
    }

    // The operator, once per width. Same operations in the same order as BoxF.IoU: the intersection's sides
    // clamped at 0 make inter 0 exactly where BoxF.IoU returns early, and the select keeps 0/0 out.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Invoke(float x1, float y1, float x2, float y2, float area, in BoxF b, float bArea)
    {
        float iw = MathF.Min(x2, b.X2) - MathF.Max(x1, b.X1);
        float ih = MathF.Min(y2, b.Y2) - MathF.Max(y1, b.Y1);
        if (iw <= 0 || ih <= 0)
        {
            return 0f;
        }
        float inter = iw * ih;
        return inter / (area + bArea - inter);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> Invoke(Vector128<float> x1, Vector128<float> y1, Vector128<float> x2, Vector128<float> y2, Vector128<float> area, in Box128 b)
    {
        Vector128<float> iw = Vector128.MaxNative(Vector128.MinNative(x2, b.X2) - Vector128.MaxNative(x1, b.X1), Vector128<float>.Zero);
        Vector128<float> ih = Vector128.MaxNative(Vector128.MinNative(y2, b.Y2) - Vector128.MaxNative(y1, b.Y1), Vector128<float>.Zero);
        Vector128<float> inter = iw * ih;
        return Vector128.ConditionalSelect(Vector128.GreaterThan(inter, Vector128<float>.Zero), inter / (area + b.Area - inter), Vector128<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Invoke(Vector256<float> x1, Vector256<float> y1, Vector256<float> x2, Vector256<float> y2, Vector256<float> area, in Box256 b)
    {
        Vector256<float> iw = Vector256.MaxNative(Vector256.MinNative(x2, b.X2) - Vector256.MaxNative(x1, b.X1), Vector256<float>.Zero);
        Vector256<float> ih = Vector256.MaxNative(Vector256.MinNative(y2, b.Y2) - Vector256.MaxNative(y1, b.Y1), Vector256<float>.Zero);
        Vector256<float> inter = iw * ih;
        return Vector256.ConditionalSelect(Vector256.GreaterThan(inter, Vector256<float>.Zero), inter / (area + b.Area - inter), Vector256<float>.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Invoke(Vector512<float> x1, Vector512<float> y1, Vector512<float> x2, Vector512<float> y2, Vector512<float> area, in Box512 b)
    {
        Vector512<float> iw = Vector512.MaxNative(Vector512.MinNative(x2, b.X2) - Vector512.MaxNative(x1, b.X1), Vector512<float>.Zero);
        Vector512<float> ih = Vector512.MaxNative(Vector512.MinNative(y2, b.Y2) - Vector512.MaxNative(y1, b.Y1), Vector512<float>.Zero);
        Vector512<float> inter = iw * ih;
        return Vector512.ConditionalSelect(Vector512.GreaterThan(inter, Vector512<float>.Zero), inter / (area + b.Area - inter), Vector512<float>.Zero);
    }

    private static int Validate(ReadOnlySpan<float> x1, ReadOnlySpan<float> y1, ReadOnlySpan<float> x2, ReadOnlySpan<float> y2, ReadOnlySpan<float> areas, int n)
    {
        if (x1.Length < n || y1.Length < n || x2.Length < n || y2.Length < n || areas.Length < n)
        {
            ThrowHelper.ThrowArgument($"every column must hold at least the destination's {n} values", nameof(x1));
        }
        return n;
    }

    /// <summary>One box broadcast to every lane.</summary>
    internal readonly struct Box128(in BoxF box, float area)
    {
        public readonly Vector128<float> X1 = Vector128.Create(box.X1);
        public readonly Vector128<float> Y1 = Vector128.Create(box.Y1);
        public readonly Vector128<float> X2 = Vector128.Create(box.X2);
        public readonly Vector128<float> Y2 = Vector128.Create(box.Y2);
        public readonly Vector128<float> Area = Vector128.Create(area);
    }

    internal readonly struct Box256(in BoxF box, float area)
    {
        public readonly Vector256<float> X1 = Vector256.Create(box.X1);
        public readonly Vector256<float> Y1 = Vector256.Create(box.Y1);
        public readonly Vector256<float> X2 = Vector256.Create(box.X2);
        public readonly Vector256<float> Y2 = Vector256.Create(box.Y2);
        public readonly Vector256<float> Area = Vector256.Create(area);
    }

    internal readonly struct Box512(in BoxF box, float area)
    {
        public readonly Vector512<float> X1 = Vector512.Create(box.X1);
        public readonly Vector512<float> Y1 = Vector512.Create(box.Y1);
        public readonly Vector512<float> X2 = Vector512.Create(box.X2);
        public readonly Vector512<float> Y2 = Vector512.Create(box.Y2);
        public readonly Vector512<float> Area = Vector512.Create(area);
    }
}
