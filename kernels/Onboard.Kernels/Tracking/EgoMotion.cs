namespace Onboard.Kernels.Tracking;

/// <summary>
/// A 2×3 affine map from the previous tracked frame's pixels to this frame's, <c>x' = A11 x + A12 y + Tx</c>,
/// <c>y' = A21 x + A22 y + Ty</c>, from odometry or any image-motion estimator (BoT-SORT's camera-motion
/// compensation). When frames were dropped it is the motion since the last frame the tracker saw.
/// </summary>
public readonly record struct EgoMotion(double A11, double A12, double Tx, double A21, double A22, double Ty)
{
    public static EgoMotion Identity { get; } = new(1, 0, 0, 0, 1, 0);

    public bool IsIdentity => A11 == 1 && A12 == 0 && Tx == 0 && A21 == 0 && A22 == 1 && Ty == 0;

    public bool IsFinite =>
        double.IsFinite(A11) && double.IsFinite(A12) && double.IsFinite(Tx) &&
        double.IsFinite(A21) && double.IsFinite(A22) && double.IsFinite(Ty);

    public static EgoMotion Translation(double tx, double ty) => new(1, 0, tx, 0, 1, ty);

    /// <summary>Scale <paramref name="s"/> about (<paramref name="cx"/>, <paramref name="cy"/>): the image motion of driving straight at the point that projects there.</summary>
    public static EgoMotion ScaleAbout(double s, double cx, double cy) => new(s, 0, cx - s * cx, 0, s, cy - s * cy);
}
