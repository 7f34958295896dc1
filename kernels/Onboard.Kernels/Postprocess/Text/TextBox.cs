using System.Numerics;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess.Text;

/// <summary>A detected text region: a rotated rectangle as its four corners in source pixels (top-left,
/// top-right, bottom-right, bottom-left, as PaddleOCR orders them) and its mean probability.</summary>
public readonly record struct TextBox(Vector2 TopLeft, Vector2 TopRight, Vector2 BottomRight, Vector2 BottomLeft, float Score)
{
    /// <summary>The axis-aligned box around the corners.</summary>
    public BoxF Bounds => new(
        MathF.Min(MathF.Min(TopLeft.X, TopRight.X), MathF.Min(BottomRight.X, BottomLeft.X)),
        MathF.Min(MathF.Min(TopLeft.Y, TopRight.Y), MathF.Min(BottomRight.Y, BottomLeft.Y)),
        MathF.Max(MathF.Max(TopLeft.X, TopRight.X), MathF.Max(BottomRight.X, BottomLeft.X)),
        MathF.Max(MathF.Max(TopLeft.Y, TopRight.Y), MathF.Max(BottomRight.Y, BottomLeft.Y)));

    public override string ToString() =>
        FormattableString.Invariant($"{Score:0.000} ({TopLeft.X:0.0}, {TopLeft.Y:0.0}) ({TopRight.X:0.0}, {TopRight.Y:0.0}) ({BottomRight.X:0.0}, {BottomRight.Y:0.0}) ({BottomLeft.X:0.0}, {BottomLeft.Y:0.0})");
}
