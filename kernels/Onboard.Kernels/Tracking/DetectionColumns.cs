using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Tracking;

/// <summary>One frame's detections of one score band as columns, the layout <see cref="Postprocess.BoxIoU"/>
/// computes a track's IoU against all of them in (SIMD).</summary>
internal sealed class DetectionColumns(int capacity)
{
    public readonly float[] X1 = new float[capacity];
    public readonly float[] Y1 = new float[capacity];
    public readonly float[] X2 = new float[capacity];
    public readonly float[] Y2 = new float[capacity];
    public readonly float[] Area = new float[capacity];
    public readonly float[] Score = new float[capacity];
    public readonly int[] ClassId = new int[capacity];

    public int Count;

    public void Add(in BoxF box, float score, int classId)
    {
        int i = Count++;
        X1[i] = box.X1;
        Y1[i] = box.Y1;
        X2[i] = box.X2;
        Y2[i] = box.Y2;
        Area[i] = box.Area;
        Score[i] = score;
        ClassId[i] = classId;
    }

    public BoxF Box(int i) => new(X1[i], Y1[i], X2[i], Y2[i]);

    /// <summary>IoU of <paramref name="box"/> with every detection, into <paramref name="destination"/>[0..Count).</summary>
    public void IoU(in BoxF box, Span<float> destination) =>
        Postprocess.BoxIoU.OneToMany(box, X1, Y1, X2, Y2, Area, destination[..Count]);
}
