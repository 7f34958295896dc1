using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess;

/// <summary>One detected object. <see cref="Index"/> is the candidate's position in the model output,
/// used to break score ties deterministically.</summary>
public struct Detection
{
    public BoxF Box;
    public float Score;
    public int ClassId;
    public int Index;

    public Detection(BoxF box, float score, int classId, int index)
    {
        Box = box;
        Score = score;
        ClassId = classId;
        Index = index;
    }

    public override readonly string ToString() =>
        FormattableString.Invariant($"class {ClassId} {Score:0.000} [{Box.X1:0.0}, {Box.Y1:0.0}, {Box.X2:0.0}, {Box.Y2:0.0}]");
}
