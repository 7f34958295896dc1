namespace Onboard.Models.Synthetic;

/// <summary>
/// Geometry of each <see cref="SignShape"/> in units of the shape's bounding-box width: which points are
/// inside (for drawing) and the moments the detector uses to turn pixel mass into a box (for detecting).
/// Drawing and detecting read the same numbers, so they cannot drift apart.
/// </summary>
public sealed class ShapeGeometry
{
    private static readonly double s_sqrt3 = Math.Sqrt(3);

    private ShapeGeometry(SignShape shape, double heightRatio, (double X, double Y)[]? polygon)
    {
        Shape = shape;
        HeightRatio = heightRatio;
        Polygon = polygon;
        if (polygon is null)
        {
            // Disc of diameter 1: area π/4, (σx² + σy²) = R²/2 = 1/8, centroid at the centre.
            AreaRatio = Math.PI / 4;
            SpreadRatio = 1.0 / 8;
            CentroidOffset = 0;
        }
        else
        {
            (AreaRatio, SpreadRatio, CentroidOffset) = PolygonMoments(polygon);
        }
    }

    public SignShape Shape { get; }

    /// <summary>Bounding-box height / width.</summary>
    public double HeightRatio { get; }

    /// <summary>Area / width².</summary>
    public double AreaRatio { get; }

    /// <summary>(σx² + σy²) / width²: the spread of the filled shape about its centroid.</summary>
    public double SpreadRatio { get; }

    /// <summary>(centroid y − box centre y) / width; positive when the centroid is below the box centre.</summary>
    public double CentroidOffset { get; }

    /// <summary>Vertices relative to the box centre (y down), or null for the disc.</summary>
    public IReadOnlyList<(double X, double Y)>? Polygon { get; }

    public static ShapeGeometry Disc { get; } = new(SignShape.Disc, 1, null);

    public static ShapeGeometry Triangle { get; } = new(SignShape.Triangle, s_sqrt3 / 2,
        [(0, -s_sqrt3 / 4), (0.5, s_sqrt3 / 4), (-0.5, s_sqrt3 / 4)]);

    public static ShapeGeometry Octagon { get; } = new(SignShape.Octagon, 1, OctagonVertices());

    public static ShapeGeometry For(SignShape shape) => shape switch
    {
        SignShape.Disc => Disc,
        SignShape.Triangle => Triangle,
        SignShape.Octagon => Octagon,
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "unknown shape"),
    };

    /// <summary>True when (x, y), relative to the box centre in units of width, lies inside the shape.</summary>
    public bool Contains(double x, double y)
    {
        if (Polygon is null)
        {
            return x * x + y * y <= 0.25;
        }
        // Convex polygon, vertices in clockwise order on screen (y down): inside when left of no edge.
        var p = Polygon;
        for (int i = 0; i < p.Count; i++)
        {
            var a = p[i];
            var b = p[(i + 1) % p.Count];
            if ((b.X - a.X) * (y - a.Y) - (b.Y - a.Y) * (x - a.X) < 0)
            {
                return false;
            }
        }
        return true;
    }

    private static (double X, double Y)[] OctagonVertices()
    {
        // Across flats = 1 → circumradius 0.5 / cos(22.5°); vertices at 22.5° + k·45°.
        double r = 0.5 / Math.Cos(Math.PI / 8);
        var v = new (double, double)[8];
        for (int k = 0; k < 8; k++)
        {
            double a = Math.PI / 8 + k * Math.PI / 4;
            v[k] = (r * Math.Cos(a), r * Math.Sin(a));
        }
        return v;
    }

    /// <summary>Area, spread about the centroid, and centroid offset of a simple polygon (shoelace formulas).</summary>
    private static (double Area, double Spread, double CentroidY) PolygonMoments((double X, double Y)[] p)
    {
        double a = 0, cx = 0, cy = 0, ixx = 0, iyy = 0;
        for (int i = 0; i < p.Length; i++)
        {
            var (x0, y0) = p[i];
            var (x1, y1) = p[(i + 1) % p.Length];
            double cross = x0 * y1 - x1 * y0;
            a += cross;
            cx += (x0 + x1) * cross;
            cy += (y0 + y1) * cross;
            iyy += (x0 * x0 + x0 * x1 + x1 * x1) * cross;
            ixx += (y0 * y0 + y0 * y1 + y1 * y1) * cross;
        }
        a /= 2;
        cx /= 6 * a;
        cy /= 6 * a;
        double varX = iyy / 12 / a - cx * cx;
        double varY = ixx / 12 / a - cy * cy;
        double top = p.Min(v => v.Y);
        double bottom = p.Max(v => v.Y);
        return (Math.Abs(a), varX + varY, cy - 0.5 * (top + bottom));
    }
}
