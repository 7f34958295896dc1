namespace Onboard.Kernels.Tracking;

/// <summary>
/// Where a confirmed track's box centre is predicted to be <see cref="Seconds"/> after this frame's capture, from
/// its Kalman state (constant velocity), with the 2×2 covariance of that position (px²) so a consumer can draw the
/// uncertainty; with a ground camera, the predicted ground-contact point (bottom centre) in metres too.
/// </summary>
public struct TrajectoryPoint
{
    public float Seconds;
    public float X;
    public float Y;
    public float Sxx;
    public float Sxy;
    public float Syy;
    public GroundPoint Ground;
}
