namespace Onboard.Kernels.Tracking;

/// <summary>
/// A pinhole camera over a flat road, for projecting each track's ground-contact point (bottom centre of its
/// box) to metres in the vehicle frame: x forward, y left, z up, origin on the road below the camera (ISO 8855).
/// The mounting angles rotate the camera's body (x along its optical axis) relative to the vehicle,
/// yaw about z, then pitch about the new y, then roll about the new x (R = Rz(yaw)·Ry(pitch)·Rx(roll)):
/// positive pitch tilts the camera down toward the road, positive yaw turns it left, positive roll lowers its
/// right side.
/// </summary>
public sealed record GroundCamera
{
    /// <summary>Focal lengths in pixels.</summary>
    public double Fx { get; init; }
    public double Fy { get; init; }

    /// <summary>Principal point in pixels.</summary>
    public double Cx { get; init; }
    public double Cy { get; init; }

    /// <summary>Size of the images the intrinsics (and the detections' boxes) refer to.</summary>
    public int ImageWidth { get; init; }
    public int ImageHeight { get; init; }

    /// <summary>Height of the optical centre above the road, metres.</summary>
    public double HeightM { get; init; }

    public double PitchDeg { get; init; }
    public double RollDeg { get; init; }
    public double YawDeg { get; init; }

    /// <summary>Ground points farther than this (metres, horizontally) are flagged invalid like points above the
    /// horizon: just below the horizon one pixel spans kilometres, and such a distance means nothing.</summary>
    public double MaxRangeM { get; init; } = 1000;

    /// <summary>Each bad field, named as in the config under <paramref name="prefix"/>; the mounting is
    /// checked to leave some of the image below the horizon.</summary>
    public void Validate(string prefix, List<SettingError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        int before = errors.Count;
        Positive(Fx, "fx");
        Positive(Fy, "fy");
        Finite(Cx, "cx");
        Finite(Cy, "cy");
        if (ImageWidth <= 0)
        {
            errors.Add(new SettingError(prefix + "imageWidth", $"must be a positive number of pixels (got {ImageWidth})"));
        }
        if (ImageHeight <= 0)
        {
            errors.Add(new SettingError(prefix + "imageHeight", $"must be a positive number of pixels (got {ImageHeight})"));
        }
        Positive(HeightM, "heightM");
        Angle(PitchDeg, 90, "pitchDeg");
        Angle(RollDeg, 180, "rollDeg");
        Angle(YawDeg, 180, "yawDeg");
        Positive(MaxRangeM, "maxRangeM");
        if (errors.Count == before && !new GroundProjector(this).SeesRoad)
        {
            errors.Add(new SettingError(prefix + "pitchDeg",
                FormattableString.Invariant($"this mounting (pitch {PitchDeg}°, roll {RollDeg}°) puts the horizon below the {ImageWidth}x{ImageHeight} image: no pixel sees the road (tilt the camera down: positive pitch)")));
        }

        void Positive(double v, string name)
        {
            if (!(v > 0) || !double.IsFinite(v))
            {
                errors.Add(new SettingError(prefix + name, FormattableString.Invariant($"must be a positive number (got {v})")));
            }
        }

        void Finite(double v, string name)
        {
            if (!double.IsFinite(v))
            {
                errors.Add(new SettingError(prefix + name, FormattableString.Invariant($"must be a finite number (got {v})")));
            }
        }

        void Angle(double v, double limit, string name)
        {
            if (!(Math.Abs(v) <= limit))
            {
                errors.Add(new SettingError(prefix + name, FormattableString.Invariant($"must be between -{limit} and {limit} degrees (got {v})")));
            }
        }
    }
}
