using System.Numerics;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess.Text;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Postprocess.Text;

/// <summary>The DBNet decoder on probability maps drawn by hand, where the answer is known exactly.</summary>
public sealed class DbNetDecoderTests
{
    private const int W = 200, H = 120;
    private static readonly ImageTransform s_identity = GeometryPlanner.Plan(W, H, W, H, GeometryMode.Stretch);

    private static void Fill(float[] map, int x0, int y0, int x1, int y1, float p)
    {
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                map[y * W + x] = p;
            }
        }
    }

    [Fact]
    public void Decode_AxisAlignedRegion_GrowsItsRectangleByAreaTimesRatioOverPerimeter()
    {
        var map = new float[W * H];
        Fill(map, 10, 20, 69, 29, 0.9f);   // pixel centres span 59 × 9
        var boxes = new TextBox[8];
        int n = new DbNetDecoder(new DbNetOptions()).Decode(map, W, H, s_identity, boxes);
        Assert.Equal(1, n);
        float d = 59f * 9f * 1.5f / (2 * (59 + 9));
        BoxF b = boxes[0].Bounds;
        Assert.Equal(10 - d, b.X1, 1e-3f);
        Assert.Equal(20 - d, b.Y1, 1e-3f);
        Assert.Equal(69 + d, b.X2, 1e-3f);
        Assert.Equal(29 + d, b.Y2, 1e-3f);
        Assert.Equal(0.9f, boxes[0].Score, 1e-5f);
        Assert.Equal(new Vector2(10 - d, 20 - d), boxes[0].TopLeft, new ToleranceComparer(1e-3f));
        Assert.Equal(new Vector2(69 + d, 29 + d), boxes[0].BottomRight, new ToleranceComparer(1e-3f));
    }

    [Fact]
    public void Decode_RotatedRegion_FindsItsAngleAndSides()
    {
        var map = new float[W * H];
        // A 100 × 16 rectangle turned 20° about (100, 60): pixels whose centre lies inside.
        float angle = 20 * MathF.PI / 180;
        var axis = new Vector2(MathF.Cos(angle), MathF.Sin(angle));
        for (int y = 0; y < H; y++)
        {
            for (int x = 0; x < W; x++)
            {
                var p = new Vector2(x - 100, y - 60);
                if (MathF.Abs(Vector2.Dot(p, axis)) <= 50 && MathF.Abs(p.X * -axis.Y + p.Y * axis.X) <= 8)
                {
                    map[y * W + x] = 0.8f;
                }
            }
        }
        var boxes = new TextBox[8];
        Assert.Equal(1, new DbNetDecoder(new DbNetOptions { UnclipRatio = 0 }).Decode(map, W, H, s_identity, boxes));
        Vector2 top = boxes[0].TopRight - boxes[0].TopLeft;
        Assert.Equal(20, MathF.Atan2(top.Y, top.X) * 180 / MathF.PI, 1.0);
        Assert.Equal(100, top.Length(), 2.0);
        Assert.Equal(16, (boxes[0].BottomLeft - boxes[0].TopLeft).Length(), 2.0);
    }

    [Fact]
    public void Decode_SmallAndWeakRegions_FallToMinSizeAndBoxThreshold()
    {
        var map = new float[W * H];
        Fill(map, 5, 5, 6, 6, 0.9f);            // 1 × 1 between centres: below MinSize
        Fill(map, 20, 60, 80, 75, 0.45f);       // text by the pixel threshold, mean below 0.6
        Fill(map, 100, 10, 139, 19, 0.9f);      // kept
        var boxes = new TextBox[8];
        int n = new DbNetDecoder(new DbNetOptions()).Decode(map, W, H, s_identity, boxes);
        Assert.Equal(1, n);
        Assert.True(boxes[0].Bounds.X1 < 100 && boxes[0].Bounds.X2 > 139, boxes[0].ToString());
    }

    [Fact]
    public void Decode_BlocksTouchingAtACorner_AreOneEightConnectedRegion()
    {
        var map = new float[W * H];
        Fill(map, 100, 10, 139, 19, 0.9f);
        Fill(map, 140, 20, 179, 29, 0.9f);
        var boxes = new TextBox[8];
        int n = new DbNetDecoder(new DbNetOptions { BoxThreshold = 0 }).Decode(map, W, H, s_identity, boxes);
        Assert.Equal(1, n);
        Assert.True(boxes[0].Bounds.X1 < 100 && boxes[0].Bounds.X2 > 179, boxes[0].ToString());
    }

    [Fact]
    public void Decode_StretchedInput_MapsCornersToSourcePixelsClipped()
    {
        var map = new float[W * H];
        Fill(map, 0, 50, 59, 59, 0.9f);         // touches the left edge: the grown box is clipped at 0
        ImageTransform t = GeometryPlanner.Plan(2 * W, 3 * H, W, H, GeometryMode.Stretch);
        var boxes = new TextBox[8];
        Assert.Equal(1, new DbNetDecoder(new DbNetOptions()).Decode(map, W, H, t, boxes));
        float d = 59f * 9f * 1.5f / (2 * (59 + 9));
        BoxF b = boxes[0].Bounds;
        Assert.Equal(0, b.X1);
        Assert.Equal(2 * (59 + d), b.X2, 1e-3f);
        Assert.Equal(3 * (50 - d), b.Y1, 1e-3f);
    }

    [Fact]
    public void Decode_EmptyMapAndFullResults_ReturnNothingOrStopAtCapacity()
    {
        var decoder = new DbNetDecoder(new DbNetOptions());
        var map = new float[W * H];
        Assert.Equal(0, decoder.Decode(map, W, H, s_identity, new TextBox[4]));
        Fill(map, 10, 10, 50, 20, 0.9f);
        Fill(map, 10, 60, 50, 70, 0.9f);
        var one = new TextBox[1];
        Assert.Equal(1, decoder.Decode(map, W, H, s_identity, one));
        Assert.True(one[0].Bounds.Y1 < 20, "raster order: the upper region first");
    }

    [Fact]
    public void Decode_SteadyState_AllocatesNothing()
    {
        var decoder = new DbNetDecoder(new DbNetOptions());
        var map = new float[W * H];
        Fill(map, 10, 10, 50, 20, 0.9f);
        Fill(map, 60, 60, 150, 80, 0.7f);
        var boxes = new TextBox[8];
        Assert.Equal(0, Allocations.InSteadyState(() => decoder.Decode(map, W, H, s_identity, boxes)));
    }

    [Fact]
    public void ConvexHull_SquareWithInteriorAndEdgePoints_KeepsTheFourCorners()
    {
        Vector2[] sorted = [new(0, 0), new(2, 0), new(4, 0), new(1, 1), new(0, 4), new(2, 2), new(4, 4)];
        Array.Sort(sorted, (a, b) => a.Y != b.Y ? a.Y.CompareTo(b.Y) : a.X.CompareTo(b.X));
        var hull = new Vector2[sorted.Length + 1];
        int n = ConvexHull.Compute(sorted, hull);
        Assert.Equal(4, n);
        Assert.Equal(new HashSet<Vector2> { new(0, 0), new(4, 0), new(0, 4), new(4, 4) }, hull[..n].ToHashSet());
    }

    [Fact]
    public void MinArea_Segment_HasZeroShortSide()
    {
        RotatedRect r = RotatedRect.MinArea([new Vector2(0, 0), new Vector2(10, 0)]);
        Assert.Equal((10f, 0f), (r.Width, r.Height));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<Vector2>
    {
        public bool Equals(Vector2 x, Vector2 y) => Vector2.Distance(x, y) <= tolerance;

        public int GetHashCode(Vector2 obj) => 0;
    }
}
