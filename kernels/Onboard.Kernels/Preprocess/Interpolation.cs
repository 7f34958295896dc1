namespace Onboard.Kernels.Preprocess;

/// <summary>Resampling filter; each matches the OpenCV flag of the same name on 8-bit images, bit for bit.</summary>
public enum Interpolation
{
    /// <summary><c>cv2.INTER_LINEAR</c>: 11-bit fixed-point bilinear (exact 2× downscale is the same as INTER_AREA).</summary>
    Linear,
    /// <summary><c>cv2.INTER_NEAREST</c>: <c>floor(dx · src/dst)</c>, no rounding.</summary>
    Nearest,
    /// <summary>
    /// <c>cv2.INTER_AREA</c> for the cases OpenCV computes with integer arithmetic: any upscale (bilinear with
    /// area weights) and whole-number downscale factors (box average). A fractional downscale factor is rejected.
    /// </summary>
    Area,
}
