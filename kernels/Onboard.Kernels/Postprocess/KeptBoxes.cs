using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>
/// The boxes greedy NMS has kept so far, as columns so one candidate is tested against all of them with
/// <see cref="BoxIoU"/>'s vector operator. Lives in caller scratch (six columns of <c>capacity</c> floats).
/// Classes are stored as floats: ids below 2^24 are exact, and it keeps the class test in the same lanes.
/// </summary>
internal ref struct KeptBoxes
{
    private readonly Span<float> _x1;
    private readonly Span<float> _y1;
    private readonly Span<float> _x2;
    private readonly Span<float> _y2;
    private readonly Span<float> _area;
    private readonly Span<float> _class;

    public KeptBoxes(Span<float> scratch, int capacity)
    {
        _x1 = scratch.Slice(0, capacity);
        _y1 = scratch.Slice(capacity, capacity);
        _x2 = scratch.Slice(2 * capacity, capacity);
        _y2 = scratch.Slice(3 * capacity, capacity);
        _area = scratch.Slice(4 * capacity, capacity);
        _class = scratch.Slice(5 * capacity, capacity);
        Count = 0;
    }

    public const int Columns = 6;

    public int Count { get; private set; }

    public void Add(in BoxF box, float area, int classId)
    {
        int i = Count++;
        _x1[i] = box.X1;
        _y1[i] = box.Y1;
        _x2[i] = box.X2;
        _y2[i] = box.Y2;
        _area[i] = area;
        _class[i] = classId;
    }

    /// <summary>True when a kept box (of the same class unless <paramref name="agnostic"/>) overlaps
    /// <paramref name="box"/> with IoU strictly above <paramref name="threshold"/>.</summary>
    public readonly bool Overlaps(in BoxF box, float area, int classId, float threshold, bool agnostic)
    {
        int n = Count;
        ref float rx1 = ref MemoryMarshal.GetReference(_x1);
        ref float ry1 = ref MemoryMarshal.GetReference(_y1);
        ref float rx2 = ref MemoryMarshal.GetReference(_x2);
        ref float ry2 = ref MemoryMarshal.GetReference(_y2);
        ref float ra = ref MemoryMarshal.GetReference(_area);
        ref float rc = ref MemoryMarshal.GetReference(_class);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var b = new BoxIoU.Box512(box, area);
            Vector512<float> t = Vector512.Create(threshold);
            Vector512<float> c = Vector512.Create((float)classId);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> iou = BoxIoU.Invoke(Vector512.LoadUnsafe(ref rx1, k), Vector512.LoadUnsafe(ref ry1, k),
                    Vector512.LoadUnsafe(ref rx2, k), Vector512.LoadUnsafe(ref ry2, k), Vector512.LoadUnsafe(ref ra, k), b);
                Vector512<float> hit = Vector512.GreaterThan(iou, t);
                if (!agnostic)
                {
                    hit &= Vector512.Equals(Vector512.LoadUnsafe(ref rc, k), c);
                }
                if (hit != Vector512<float>.Zero)
                {
                    return true;
                }
            }
        }
        if (Vector256.IsHardwareAccelerated && n - i >= Vector256<float>.Count)
        {
            var b = new BoxIoU.Box256(box, area);
            Vector256<float> t = Vector256.Create(threshold);
            Vector256<float> c = Vector256.Create((float)classId);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Vector256<float> iou = BoxIoU.Invoke(Vector256.LoadUnsafe(ref rx1, k), Vector256.LoadUnsafe(ref ry1, k),
                    Vector256.LoadUnsafe(ref rx2, k), Vector256.LoadUnsafe(ref ry2, k), Vector256.LoadUnsafe(ref ra, k), b);
                Vector256<float> hit = Vector256.GreaterThan(iou, t);
                if (!agnostic)
                {
                    hit &= Vector256.Equals(Vector256.LoadUnsafe(ref rc, k), c);
                }
                if (hit != Vector256<float>.Zero)
                {
                    return true;
                }
            }
        }
        if (Vector128.IsHardwareAccelerated && n - i >= Vector128<float>.Count)
        {
            var b = new BoxIoU.Box128(box, area);
            Vector128<float> t = Vector128.Create(threshold);
            Vector128<float> c = Vector128.Create((float)classId);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                nuint k = (nuint)i;
                Vector128<float> iou = BoxIoU.Invoke(Vector128.LoadUnsafe(ref rx1, k), Vector128.LoadUnsafe(ref ry1, k),
                    Vector128.LoadUnsafe(ref rx2, k), Vector128.LoadUnsafe(ref ry2, k), Vector128.LoadUnsafe(ref ra, k), b);
                Vector128<float> hit = Vector128.GreaterThan(iou, t);
                if (!agnostic)
                {
                    hit &= Vector128.Equals(Vector128.LoadUnsafe(ref rc, k), c);
                }
                if (hit != Vector128<float>.Zero)
                {
                    return true;
                }
            }
        }
        for (; i < n; i++)
        {
            if ((agnostic || _class[i] == classId)
                && BoxIoU.Invoke(_x1[i], _y1[i], _x2[i], _y2[i], _area[i], box, area) > threshold)
            {
                return true;
            }
        }
        return false;
    }
}
