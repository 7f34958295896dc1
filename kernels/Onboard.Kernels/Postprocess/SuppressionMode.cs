namespace Onboard.Kernels.Postprocess;

/// <summary>How overlapping candidates are thinned for layouts that need NMS.</summary>
public enum SuppressionMode
{
    /// <summary>Greedy NMS (<see cref="Nms"/>), as Ultralytics, torchvision and OpenCV.</summary>
    Greedy,
    /// <summary>Gaussian soft-NMS (<see cref="SoftNms"/>): overlapping boxes lose score instead of being removed.</summary>
    SoftGaussian,
}
