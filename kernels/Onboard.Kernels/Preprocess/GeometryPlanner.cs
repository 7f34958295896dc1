using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Computes where a source frame lands inside the model input. Letterbox follows Ultralytics'
/// <c>LetterBox</c> to the digit: <c>r = min(H/h, W/w)</c>, <c>new = (round(w·r), round(h·r))</c>, the pad
/// split as <c>round(d − 0.1)</c> before and <c>round(d + 0.1)</c> after, Python's round-half-to-even.
/// </summary>
public static class GeometryPlanner
{
    public static ImageTransform Plan(int sourceWidth, int sourceHeight, int width, int height, GeometryMode mode)
    {
        if (sourceWidth <= 0 || sourceHeight <= 0)
        {
            throw new ArgumentException($"source size must be positive, got {sourceWidth}x{sourceHeight}");
        }
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"target size must be positive, got {width}x{height}");
        }
        switch (mode)
        {
            case GeometryMode.Stretch:
                return new ImageTransform(
                    (float)width / sourceWidth, (float)height / sourceHeight, 0, 0,
                    width, height, sourceWidth, sourceHeight);
            case GeometryMode.Letterbox:
            case GeometryMode.CenterCrop:
            {
                double r = Gain(sourceWidth, sourceHeight, width, height, mode);
                int newW = (int)Math.Round(sourceWidth * r, MidpointRounding.ToEven);
                int newH = (int)Math.Round(sourceHeight * r, MidpointRounding.ToEven);
                double dw = (width - newW) / 2.0;
                double dh = (height - newH) / 2.0;
                int left = (int)Math.Round(dw - 0.1, MidpointRounding.ToEven);
                int top = (int)Math.Round(dh - 0.1, MidpointRounding.ToEven);
                // The image is resized to exactly newW x newH, so the effective per-axis scale is
                // newW / sourceWidth; Ultralytics' scale_boxes uses the single gain r, which differs from it by
                // less than half a pixel over the whole image. We keep r to match scale_boxes.
                return new ImageTransform((float)r, (float)r, left, top, newW, newH, sourceWidth, sourceHeight);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown geometry mode");
        }
    }

    /// <summary>
    /// The single gain <c>r</c> in double precision, as Ultralytics computes it (letterbox: fit; centre crop:
    /// cover); for stretch, the horizontal scale.
    /// </summary>
    public static double Gain(int sourceWidth, int sourceHeight, int width, int height, GeometryMode mode) => mode switch
    {
        GeometryMode.Letterbox => Math.Min((double)height / sourceHeight, (double)width / sourceWidth),
        GeometryMode.CenterCrop => Math.Max((double)height / sourceHeight, (double)width / sourceWidth),
        _ => (double)width / sourceWidth,
    };
}
