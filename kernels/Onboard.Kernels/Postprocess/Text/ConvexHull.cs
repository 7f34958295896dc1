using System.Numerics;

namespace Onboard.Kernels.Postprocess.Text;

/// <summary>Andrew's monotone chain over points already in lexicographic order.</summary>
public static class ConvexHull
{
    /// <summary>
    /// Writes the hull of <paramref name="sorted"/> (ordered by (y, x), or by (x, y): any lexicographic order
    /// works) to <paramref name="hull"/> in order around it, without collinear points, and returns its vertex
    /// count. <paramref name="hull"/> needs room for <c>sorted.Length + 1</c> points. Cross products are in
    /// double: pixel coordinates up to 2^16 stay exact.
    /// </summary>
    public static int Compute(ReadOnlySpan<Vector2> sorted, Span<Vector2> hull)
    {
        int n = sorted.Length;
        if (n <= 2)
        {
            sorted.CopyTo(hull);
            return n == 2 && sorted[0] == sorted[1] ? 1 : n;
        }
        if (hull.Length < n + 1)
        {
            ThrowHelper.ThrowArgument($"hull needs room for {n + 1} points", nameof(hull));
        }
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0)
            {
                k--;
            }
            hull[k++] = sorted[i];
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0)
            {
                k--;
            }
            hull[k++] = sorted[i];
        }
        return k - 1;
    }

    private static double Cross(Vector2 o, Vector2 a, Vector2 b) =>
        ((double)a.X - o.X) * ((double)b.Y - o.Y) - ((double)a.Y - o.Y) * ((double)b.X - o.X);
}
