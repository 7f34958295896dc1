using System.Numerics;
using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Postprocess.Text;

/// <summary>
/// Text boxes from a DBNet probability map (PP-OCR det), as PaddleOCR's <c>DBPostProcess</c>: threshold →
/// connected regions → minimum-area rectangle → mean probability inside it ("fast" box score) → unclip
/// (grow by <c>area × ratio / perimeter</c>) → corners in source pixels, clipped. Where PaddleOCR traces
/// every contour with OpenCV, this labels 8-connected regions, whose outer contour is the same set of
/// pixels; it skips the hole contours OpenCV would also list, which can only add boxes inside other text.
/// A workspace: buffers grow to the largest map seen, then a steady stream of maps allocates nothing.
/// Not thread-safe.
/// </summary>
public sealed class DbNetDecoder
{
    private byte[] _visited = [];
    private int[] _stack = [];
    private int[] _rowMin = [];
    private int[] _rowMax = [];
    private Vector2[] _points = [];
    private Vector2[] _hull = [];

    public DbNetDecoder(DbNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
    }

    public DbNetOptions Options { get; }

    /// <summary>
    /// Decodes a <paramref name="width"/> × <paramref name="height"/> probability map (the model input's size)
    /// into <paramref name="results"/>, in raster order of each region's first pixel; returns how many.
    /// <paramref name="transform"/> maps map pixels to source pixels (PP-OCR resizes by stretching).
    /// </summary>
    public int Decode(ReadOnlySpan<float> probability, int width, int height, in ImageTransform transform, Span<TextBox> results)
    {
        if (width <= 0 || height <= 0 || probability.Length < (long)width * height)
        {
            ThrowHelper.ThrowArgument($"a {width}x{height} map needs {(long)width * height} values, got {probability.Length}", nameof(probability));
        }
        int pixels = width * height;
        Prepare(pixels, height);
        Span<byte> visited = _visited.AsSpan(0, pixels);
        visited.Clear();
        float threshold = Options.Threshold;
        Span<Vector2> corners = stackalloc Vector2[4];
        int count = 0;
        int candidates = 0;
        for (int start = 0; start < pixels && count < results.Length; start++)
        {
            if (visited[start] != 0 || !(probability[start] > threshold))
            {
                continue;
            }
            if (++candidates > Options.MaxCandidates)
            {
                break;
            }
            int points = Region(probability, width, height, start, visited);
            int hullCount = ConvexHull.Compute(_points.AsSpan(0, points), _hull);
            RotatedRect rect = RotatedRect.MinArea(_hull.AsSpan(0, hullCount));
            if (rect.ShortSide < Options.MinSize)
            {
                continue;
            }
            rect.Corners(corners);
            float score = MeanInside(probability, width, height, corners);
            if (score < Options.BoxThreshold)
            {
                continue;
            }
            float perimeter = 2 * (rect.Width + rect.Height);
            RotatedRect grown = rect.Grow(rect.Width * rect.Height * Options.UnclipRatio / perimeter);
            if (grown.ShortSide < Options.MinSize + 2)
            {
                continue;
            }
            grown.Corners(corners);
            results[count++] = ToSource(corners, score, transform);
        }
        return count;
    }

    /// <summary>Flood-fills the 8-connected region from <paramref name="start"/>, marking it visited, and writes
    /// each row's leftmost and rightmost pixel (in (y, x) order) to the point buffer: their hull is the region's.</summary>
    private int Region(ReadOnlySpan<float> probability, int width, int height, int start, Span<byte> visited)
    {
        float threshold = Options.Threshold;
        int top = start / width, bottom = top;
        int sp = 0;
        _stack[sp++] = start;
        visited[start] = 1;
        while (sp > 0)
        {
            int p = _stack[--sp];
            int y = p / width, x = p - y * width;
            _rowMin[y] = Math.Min(_rowMin[y], x);
            _rowMax[y] = Math.Max(_rowMax[y], x);
            bottom = Math.Max(bottom, y);
            for (int ny = Math.Max(0, y - 1); ny <= Math.Min(height - 1, y + 1); ny++)
            {
                for (int nx = Math.Max(0, x - 1); nx <= Math.Min(width - 1, x + 1); nx++)
                {
                    int q = ny * width + nx;
                    if (visited[q] == 0 && probability[q] > threshold)
                    {
                        visited[q] = 1;
                        _stack[sp++] = q;
                    }
                }
            }
        }
        int n = 0;
        for (int y = top; y <= bottom; y++)
        {
            if (_rowMin[y] <= _rowMax[y])
            {
                _points[n++] = new Vector2(_rowMin[y], y);
                if (_rowMax[y] != _rowMin[y])
                {
                    _points[n++] = new Vector2(_rowMax[y], y);
                }
            }
            _rowMin[y] = int.MaxValue;
            _rowMax[y] = -1;
        }
        return n;
    }

    /// <summary>Mean probability over the pixels whose centre lies in the convex quadrilateral (PaddleOCR's
    /// "fast" score fills the rectangle's polygon the same way).</summary>
    private static float MeanInside(ReadOnlySpan<float> probability, int width, int height, ReadOnlySpan<Vector2> quad)
    {
        float minY = MathF.Min(MathF.Min(quad[0].Y, quad[1].Y), MathF.Min(quad[2].Y, quad[3].Y));
        float maxY = MathF.Max(MathF.Max(quad[0].Y, quad[1].Y), MathF.Max(quad[2].Y, quad[3].Y));
        int y0 = Math.Max(0, (int)MathF.Ceiling(minY - 1e-3f));
        int y1 = Math.Min(height - 1, (int)MathF.Floor(maxY + 1e-3f));
        double sum = 0;
        long n = 0;
        for (int y = y0; y <= y1; y++)
        {
            // The quad is convex: a row crosses it in one interval, bounded by its edges' crossings.
            float left = float.MaxValue, right = float.MinValue;
            for (int e = 0; e < 4; e++)
            {
                Vector2 a = quad[e], b = quad[(e + 1) & 3];
                float lo = MathF.Min(a.Y, b.Y), hi = MathF.Max(a.Y, b.Y);
                if (y < lo - 1e-3f || y > hi + 1e-3f)
                {
                    continue;
                }
                if (hi - lo < 1e-6f)
                {
                    left = MathF.Min(left, MathF.Min(a.X, b.X));
                    right = MathF.Max(right, MathF.Max(a.X, b.X));
                    continue;
                }
                float x = a.X + Math.Clamp((y - a.Y) / (b.Y - a.Y), 0f, 1f) * (b.X - a.X);
                left = MathF.Min(left, x);
                right = MathF.Max(right, x);
            }
            int x0 = Math.Max(0, (int)MathF.Ceiling(left - 1e-3f));
            int x1 = Math.Min(width - 1, (int)MathF.Floor(right + 1e-3f));
            ReadOnlySpan<float> row = probability.Slice(y * width, width);
            for (int x = x0; x <= x1; x++)
            {
                sum += row[x];
                n++;
            }
        }
        return n == 0 ? 0f : (float)(sum / n);
    }

    /// <summary>Corners mapped to source pixels and clipped, ordered as PaddleOCR's <c>get_mini_boxes</c>:
    /// of the two leftmost the upper is top-left, of the two rightmost the upper is top-right.</summary>
    private static TextBox ToSource(Span<Vector2> corners, float score, in ImageTransform t)
    {
        for (int i = 0; i < 4; i++)
        {
            corners[i] = new Vector2(
                Math.Clamp(t.ToSourceX(corners[i].X), 0f, t.SourceWidth),
                Math.Clamp(t.ToSourceY(corners[i].Y), 0f, t.SourceHeight));
        }
        // Insertion sort by x: four points.
        for (int i = 1; i < 4; i++)
        {
            Vector2 v = corners[i];
            int j = i - 1;
            while (j >= 0 && corners[j].X > v.X)
            {
                corners[j + 1] = corners[j];
                j--;
            }
            corners[j + 1] = v;
        }
        (Vector2 topLeft, Vector2 bottomLeft) = corners[0].Y <= corners[1].Y ? (corners[0], corners[1]) : (corners[1], corners[0]);
        (Vector2 topRight, Vector2 bottomRight) = corners[2].Y <= corners[3].Y ? (corners[2], corners[3]) : (corners[3], corners[2]);
        return new TextBox(topLeft, topRight, bottomRight, bottomLeft, score);
    }

    private void Prepare(int pixels, int height)
    {
        if (_visited.Length < pixels)
        {
            _visited = new byte[pixels];
            _stack = new int[pixels];
        }
        if (_rowMin.Length < height)
        {
            _rowMin = new int[height];
            _rowMax = new int[height];
            _points = new Vector2[2 * height];
            _hull = new Vector2[2 * height + 1];
            Array.Fill(_rowMin, int.MaxValue);
            Array.Fill(_rowMax, -1);
        }
    }
}
