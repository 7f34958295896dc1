namespace Onboard.Kernels.Tracking;

/// <summary>
/// Projects image points onto the road plane of a <see cref="GroundCamera"/>: the ray through pixel (u, v) is
/// <c>a(u, v) = gu·u + gv·v + g0</c> in the vehicle frame (the camera rotation's columns over the focal
/// lengths), and it meets the road z = 0 at <c>(−H·ax/az, −H·ay/az)</c> when it points down (az &lt; 0).
/// Rays at or above the horizon (az ≥ 0), and points beyond the range limit, have no ground point.
/// </summary>
public sealed class GroundProjector
{
    private readonly double _h;
    private readonly double _maxRange;
    private readonly double _gux, _guy, _guz, _gvx, _gvy, _gvz, _g0x, _g0y, _g0z;
    private readonly int _width, _height;

    public GroundProjector(GroundCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        double yaw = camera.YawDeg * Math.PI / 180, pitch = camera.PitchDeg * Math.PI / 180, roll = camera.RollDeg * Math.PI / 180;
        double cz = Math.Cos(yaw), sz = Math.Sin(yaw), cyy = Math.Cos(pitch), sy = Math.Sin(pitch), cx = Math.Cos(roll), sx = Math.Sin(roll);
        // M = Rz(yaw)·Ry(pitch)·Rx(roll): the camera body (x along the optical axis, y left, z up) in the vehicle frame.
        double m00 = cz * cyy, m01 = cz * sy * sx - sz * cx, m02 = cz * sy * cx + sz * sx;
        double m10 = sz * cyy, m11 = sz * sy * sx + cz * cx, m12 = sz * sy * cx - cz * sx;
        double m20 = -sy, m21 = cyy * sx, m22 = cyy * cx;
        // Optical axes in the body: image x (right) = −body y, image y (down) = −body z, optical z = body x.
        // So the rotation's columns are −M[:,1], −M[:,2] and M[:,0].
        _gux = -m01 / camera.Fx; _guy = -m11 / camera.Fx; _guz = -m21 / camera.Fx;
        _gvx = -m02 / camera.Fy; _gvy = -m12 / camera.Fy; _gvz = -m22 / camera.Fy;
        _g0x = m00 - _gux * camera.Cx - _gvx * camera.Cy;
        _g0y = m10 - _guy * camera.Cx - _gvy * camera.Cy;
        _g0z = m20 - _guz * camera.Cx - _gvz * camera.Cy;
        _h = camera.HeightM;
        _maxRange = camera.MaxRangeM;
        _width = camera.ImageWidth;
        _height = camera.ImageHeight;
    }

    /// <summary>Some pixel of the image looks below the horizon (the ray's height is linear in the pixel, so checking the corners is enough).</summary>
    public bool SeesRoad =>
        RayZ(0, 0) < 0 || RayZ(_width, 0) < 0 || RayZ(0, _height) < 0 || RayZ(_width, _height) < 0;

    /// <summary>The image row of the horizon at column <paramref name="u"/> (NaN for a camera looking straight down or up).</summary>
    public double HorizonRow(double u) => -(_guz * u + _g0z) / _gvz;

    /// <summary>The road point under pixel (<paramref name="u"/>, <paramref name="v"/>) and ∂(x, y)/∂(u, v) (row-major
    /// [dx/du, dx/dv, dy/du, dy/dv], metres per pixel); false at or above the horizon or beyond the range limit.</summary>
    public bool TryProject(double u, double v, out double x, out double y, Span<double> jacobian)
    {
        double ax = _gux * u + _gvx * v + _g0x;
        double ay = _guy * u + _gvy * v + _g0y;
        double az = _guz * u + _gvz * v + _g0z;
        if (!(az < 0))
        {
            x = y = double.NaN;
            return false;
        }
        double s = -_h / az;
        x = s * ax;
        y = s * ay;
        if (!(x * x + y * y <= _maxRange * _maxRange))
        {
            x = y = double.NaN;
            return false;
        }
        if (jacobian.Length >= 4)
        {
            // x = −H·ax/az: dx/du = −H·(gux·az − ax·guz)/az², likewise for v and for y.
            double k = -_h / (az * az);
            jacobian[0] = k * (_gux * az - ax * _guz);
            jacobian[1] = k * (_gvx * az - ax * _gvz);
            jacobian[2] = k * (_guy * az - ay * _guz);
            jacobian[3] = k * (_gvy * az - ay * _gvz);
        }
        return true;
    }

    private double RayZ(double u, double v) => _guz * u + _gvz * v + _g0z;
}
