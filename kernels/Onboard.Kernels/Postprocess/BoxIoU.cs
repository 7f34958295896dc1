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
        int n = destination.Length;
        if (x1.Length < n || y1.Length < n || x2.Length < n || y2.Length < n || areas.Length < n)
        {
            ThrowHelper.ThrowArgument($"every column must hold at least the destination's {n} values", nameof(x1));
        }
        var columns = new Columns(x1, y1, x2, y2, areas);
        float area = box.Area;
        int i = 0;
        if (Vector512Ops.IsAccelerated)
        {
            i = OneToMany<Vector512<float>, Vector512Ops>(columns, box, area, destination, i);
        }
        if (Vector256Ops.IsAccelerated)
        {
            i = OneToMany<Vector256<float>, Vector256Ops>(columns, box, area, destination, i);
        }
        if (Vector128Ops.IsAccelerated)
        {
            i = OneToMany<Vector128<float>, Vector128Ops>(columns, box, area, destination, i);
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

    private static int OneToMany<TVec, TOps>(scoped in Columns c, in BoxF box, float area, Span<float> destination, int i)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        var b = new Lanes<TVec, TOps>(box, area);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (; i <= destination.Length - TOps.Count; i += TOps.Count)
        {
            TOps.Store(Invoke(c, (nuint)i, b), ref d, (nuint)i);
        }
        return i;
    }

    // The operator. Same operations in the same order as BoxF.IoU: the intersection's sides clamped at 0
    // make inter 0 exactly where BoxF.IoU returns early, and the select keeps 0/0 out.

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

    /// <summary>IoU of lanes <c>[i, i + TOps.Count)</c> of the columns with the broadcast box; the caller keeps that run inside them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TVec Invoke<TVec, TOps>(scoped in Columns c, nuint i, in Lanes<TVec, TOps> b)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        TVec iw = TOps.MaxNative(TOps.Subtract(TOps.MinNative(TOps.Load(ref c.X2, i), b.X2), TOps.MaxNative(TOps.Load(ref c.X1, i), b.X1)), TOps.Zero);
        TVec ih = TOps.MaxNative(TOps.Subtract(TOps.MinNative(TOps.Load(ref c.Y2, i), b.Y2), TOps.MaxNative(TOps.Load(ref c.Y1, i), b.Y1)), TOps.Zero);
        TVec inter = TOps.Multiply(iw, ih);
        TVec union = TOps.Subtract(TOps.Add(TOps.Load(ref c.Area, i), b.Area), inter);
        return TOps.Select(TOps.GreaterThan(inter, TOps.Zero), TOps.Divide(inter, union), TOps.Zero);
    }

    /// <summary>Five columns of boxes, as references to their first elements.</summary>
    internal readonly ref struct Columns(ReadOnlySpan<float> x1, ReadOnlySpan<float> y1, ReadOnlySpan<float> x2, ReadOnlySpan<float> y2, ReadOnlySpan<float> areas)
    {
        public readonly ref float X1 = ref MemoryMarshal.GetReference(x1);
        public readonly ref float Y1 = ref MemoryMarshal.GetReference(y1);
        public readonly ref float X2 = ref MemoryMarshal.GetReference(x2);
        public readonly ref float Y2 = ref MemoryMarshal.GetReference(y2);
        public readonly ref float Area = ref MemoryMarshal.GetReference(areas);
    }

    /// <summary>One box broadcast to every lane.</summary>
    internal readonly struct Lanes<TVec, TOps>(in BoxF box, float area)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        public readonly TVec X1 = TOps.Broadcast(box.X1);
        public readonly TVec Y1 = TOps.Broadcast(box.Y1);
        public readonly TVec X2 = TOps.Broadcast(box.X2);
        public readonly TVec Y2 = TOps.Broadcast(box.Y2);
        public readonly TVec Area = TOps.Broadcast(area);
    }
}
