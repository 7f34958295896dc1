using System.Numerics;

namespace Onboard.Kernels.Postprocess.Text;

/// <summary>
/// A rectangle at any angle: centre, the unit direction of its <see cref="Width"/> side, and its sides.
/// <see cref="MinArea"/> is the smallest one around a convex polygon (what OpenCV's <c>minAreaRect</c> gives
/// for a contour).
/// </summary>
public readonly record struct RotatedRect(Vector2 Center, Vector2 Axis, float Width, float Height)
{
    public float ShortSide => MathF.Min(Width, Height);

    /// <summary>The same rectangle grown by <paramref name="distance"/> on every side.</summary>
    public RotatedRect Grow(float distance) => this with { Width = Width + 2 * distance, Height = Height + 2 * distance };

    /// <summary>Writes the four corners, in order around the rectangle.</summary>
    public void Corners(Span<Vector2> corners)
    {
        Vector2 u = Axis * (Width / 2);
        Vector2 v = new Vector2(-Axis.Y, Axis.X) * (Height / 2);
        corners[0] = Center - u - v;
        corners[1] = Center + u - v;
        corners[2] = Center + u + v;
        corners[3] = Center - u + v;
    }

    /// <summary>
    /// The minimum-area rectangle around the convex polygon <paramref name="hull"/> (vertices in order): one
    /// of its sides lies on a hull edge, so each edge's direction is tried (O(h²), hulls of text regions are
    /// small). A point gives a zero-size rectangle, a segment a zero-height one.
    /// </summary>
    public static RotatedRect MinArea(ReadOnlySpan<Vector2> hull)
    {
        if (hull.Length == 0)
        {
            return default;
        }
        if (hull.Length == 1)
        {
            return new RotatedRect(hull[0], Vector2.UnitX, 0, 0);
        }
        double bestArea = double.MaxValue;
        RotatedRect best = default;
        for (int i = 0; i < hull.Length; i++)
        {
            Vector2 edge = hull[(i + 1) % hull.Length] - hull[i];
            double length = Math.Sqrt((double)edge.X * edge.X + (double)edge.Y * edge.Y);
            if (length == 0)
            {
                continue;
            }
            double ux = edge.X / length, uy = edge.Y / length;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (Vector2 p in hull)
            {
                double pu = p.X * ux + p.Y * uy;
                double pv = -p.X * uy + p.Y * ux;
                minU = Math.Min(minU, pu);
                maxU = Math.Max(maxU, pu);
                minV = Math.Min(minV, pv);
                maxV = Math.Max(maxV, pv);
            }
            double area = (maxU - minU) * (maxV - minV);
            if (area < bestArea)
            {
                bestArea = area;
                double cu = (minU + maxU) / 2, cv = (minV + maxV) / 2;
                var center = new Vector2((float)(cu * ux - cv * uy), (float)(cu * uy + cv * ux));
                best = new RotatedRect(center, new Vector2((float)ux, (float)uy), (float)(maxU - minU), (float)(maxV - minV));
            }
        }
        return best;
    }
}
