using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Simd;

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
    /// <paramref name="box"/> with IoU strictly above <paramref name="threshold"/>. Vectors no wider than
    /// <paramref name="maxVectorBits"/>: the widest whose lane count the kept boxes fill, the last vector
    /// overlapping the one before (testing a box twice changes nothing); fewer boxes than the narrowest
    /// vector are tested one by one.</summary>
    public readonly bool Overlaps(in BoxF box, float area, int classId, float threshold, bool agnostic, int maxVectorBits)
    {
        var columns = new BoxIoU.Columns(_x1, _y1, _x2, _y2, _area);
        if (Fits<Vector512<float>, Vector512Ops>(maxVectorBits))
        {
            return Overlaps<Vector512<float>, Vector512Ops>(columns, box, area, classId, threshold, agnostic);
        }
        if (Fits<Vector256<float>, Vector256Ops>(maxVectorBits))
        {
            return Overlaps<Vector256<float>, Vector256Ops>(columns, box, area, classId, threshold, agnostic);
        }
        if (Fits<Vector128<float>, Vector128Ops>(maxVectorBits))
        {
            return Overlaps<Vector128<float>, Vector128Ops>(columns, box, area, classId, threshold, agnostic);
        }
        for (int i = 0; i < Count; i++)
        {
            if ((agnostic || _class[i] == classId)
                && BoxIoU.Invoke(_x1[i], _y1[i], _x2[i], _y2[i], _area[i], box, area) > threshold)
            {
                return true;
            }
        }
        return false;
    }

    private readonly bool Fits<TVec, TOps>(int maxVectorBits)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec> =>
        VectorLoop.Allows<TVec, TOps>(maxVectorBits) && Count >= TOps.Count;

    /// <summary>Every kept box in vectors of <c>TOps.Count</c>, at least one of which fits.</summary>
    private readonly bool Overlaps<TVec, TOps>(scoped in BoxIoU.Columns columns, in BoxF box, float area, int classId, float threshold, bool agnostic)
        where TVec : struct
        where TOps : struct, IVectorOps<TVec>
    {
        var b = new BoxIoU.Lanes<TVec, TOps>(box, area);
        TVec t = TOps.Broadcast(threshold);
        TVec c = TOps.Broadcast(classId);
        ref float classes = ref MemoryMarshal.GetReference(_class);
        int last = Count - TOps.Count;
        for (int i = 0; ; i = Math.Min(i + TOps.Count, last))
        {
            TVec hit = TOps.GreaterThan(BoxIoU.Invoke(columns, (nuint)i, b), t);
            if (!agnostic)
            {
                hit = TOps.And(hit, TOps.Equal(TOps.Load(ref classes, (nuint)i), c));
            }
            if (TOps.Mask(hit) != 0)
            {
                return true;
            }
            if (i == last)
            {
                return false;
            }
        }
    }
}
