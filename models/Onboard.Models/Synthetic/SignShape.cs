namespace Onboard.Models.Synthetic;

/// <summary>Outline of a synthetic sign.</summary>
public enum SignShape
{
    Disc,
    /// <summary>Equilateral, apex up, like a warning sign.</summary>
    Triangle,
    /// <summary>Regular, flat top, like a stop sign; its width is measured across the flats.</summary>
    Octagon,
}
