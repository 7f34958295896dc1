using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Simd;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// Intersection over union of one box against many, with the many held as columns (x1, y1, x2, y2, area).
/// One operator run by <see cref="VectorLoop"/> at 512, 256 or 128 bits (the last vector overlapping the one
/// before), every width computing exactly what <see cref="BoxF.IoU"/> computes, in the same order, so the
/// result is bit-for-bit the scalar one (tests hold it to that). Areas are passed in because NMS computes
/// each once, not once per pair.
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
        Span<float> destination) =>
        OneToMany(box, x1, y1, x2, y2, areas, destination, VectorLoop.Widest);

    /// <summary><see cref="OneToMany(in BoxF, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// with vectors no wider than <paramref name="maxVectorBits"/> (tests pin each width; 0 = scalar).</summary>
    internal static void OneToMany(
        in BoxF box,
        ReadOnlySpan<float> x1,
        ReadOnlySpan<float> y1,
        ReadOnlySpan<float> x2,
        ReadOnlySpan<float> y2,
        ReadOnlySpan<float> areas,
        Span<float> destination,
        int maxVectorBits)
    {
        int n = destination.Length;
        if (x1.Length < n || y1.Length < n || x2.Length < n || y2.Length < n || areas.Length < n)
        {
            ThrowHelper.ThrowArgument($"every column must hold at least the destination's {n} values", nameof(x1));
        }
        var kernel = new OneToManyKernel(new Columns(x1, y1, x2, y2, areas), box, destination);
        VectorLoop.Run(ref kernel, n, maxVectorBits);
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

    /// <summary>The operator over columns into <c>destination</c>, for <see cref="VectorLoop"/>.</summary>
    private readonly ref struct OneToManyKernel(Columns columns, in BoxF box, Span<float> destination) : IVectorKernel
    {
        private readonly Columns _columns = columns;
        private readonly BoxF _box = box;
        private readonly float _area = box.Area;
        private readonly ref float _destination = ref MemoryMarshal.GetReference(destination);

        public static int BlockSize(int lanes) => lanes;

        /// <summary>C0–C4: the box's x1, y1, x2, y2 and area in every lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Prepare<TVec, TOps>(out VectorConstants<TVec> constants)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec>
        {
            constants = default;
            constants.C0 = TOps.Broadcast(_box.X1);
            constants.C1 = TOps.Broadcast(_box.Y1);
            constants.C2 = TOps.Broadcast(_box.X2);
            constants.C3 = TOps.Broadcast(_box.Y2);
            constants.C4 = TOps.Broadcast(_area);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Block<TVec, TOps>(nint i, in VectorConstants<TVec> c)
            where TVec : struct
            where TOps : struct, IVectorOps<TVec> =>
            TOps.Store(Invoke(_columns, (nuint)i, new Lanes<TVec, TOps>(c.C0, c.C1, c.C2, c.C3, c.C4)), ref _destination, (nuint)i);

        public void Scalar(int i)
        {
            Columns k = _columns;
            Unsafe.Add(ref _destination, i) = Invoke(Unsafe.Add(ref k.X1, i), Unsafe.Add(ref k.Y1, i), Unsafe.Add(ref k.X2, i), Unsafe.Add(ref k.Y2, i),
                Unsafe.Add(ref k.Area, i), _box, _area);
        }
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
    internal readonly struct Lanes<TVec, TOps>(TVec x1, TVec y1, TVec x2, TVec y2, TVec area)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        public Lanes(in BoxF box, float area)
            : this(TOps.Broadcast(box.X1), TOps.Broadcast(box.Y1), TOps.Broadcast(box.X2), TOps.Broadcast(box.Y2), TOps.Broadcast(area))
        {
        }

        public readonly TVec X1 = x1;
        public readonly TVec Y1 = y1;
        public readonly TVec X2 = x2;
        public readonly TVec Y2 = y2;
        public readonly TVec Area = area;
    }
}
