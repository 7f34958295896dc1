namespace Onboard.Kernels.Tracking;

/// <summary>A point on the road in the vehicle frame (metres: x forward, y left) with its 2×2 covariance (m²);
/// <see cref="Valid"/> is false at or above the horizon (or beyond the range limit), and then the numbers are NaN.</summary>
public struct GroundPoint
{
    public bool Valid;
    public float X;
    public float Y;
    public float Sxx;
    public float Sxy;
    public float Syy;

    public static GroundPoint Invalid => new() { X = float.NaN, Y = float.NaN, Sxx = float.NaN, Sxy = float.NaN, Syy = float.NaN };
}
