using Onboard.Kernels.Geometry;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Everything about one (source size, options) pair that does not depend on pixels: the transform, the part of
/// the resized image the tensor shows, and OpenCV's taps for exactly those columns and rows. Built once and
/// reused while frames keep the same geometry, so per-frame calls allocate nothing.
/// </summary>
internal sealed class ResizePlan
{
    public ResizePlan(int sourceWidth, int sourceHeight, in ImageTransform transform, int width, int height, TapKind kind)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        Width = width;
        Height = height;
        Kind = kind;
        int padLeft = (int)transform.PadLeft;
        int padTop = (int)transform.PadTop;
        ResizedWidth = transform.ResizedWidth;
        ResizedHeight = transform.ResizedHeight;
        PadLeft = padLeft;
        PadTop = padTop;

        // Columns/rows of the resized image that land inside the tensor (all for letterbox/stretch; the middle
        // for centre crop, where the pad is negative).
        int dx0 = Math.Max(0, -padLeft);
        int dx1 = Math.Min(ResizedWidth, width - padLeft);
        int dy0 = Math.Max(0, -padTop);
        int dy1 = Math.Min(ResizedHeight, height - padTop);
        Columns = Math.Max(0, dx1 - dx0);
        Rows = Math.Max(0, dy1 - dy0);
        if (Columns == 0 || Rows == 0)
        {
            // A sliver that rounds to zero pixels (e.g. a 1x2000 region letterboxed to 640): all padding.
            (Columns, Rows, dx0, dy0) = (0, 0, 0, 0);
        }
        FirstColumn = dx0 + padLeft;
        FirstRow = dy0 + padTop;

        XOfs = GC.AllocateArray<int>(Columns + 1, pinned: true);
        XOfs1 = GC.AllocateArray<int>(Columns + 1, pinned: true);
        Weights = GC.AllocateArray<short>(8 * Columns + 8, pinned: true);
        WeightPairs = GC.AllocateArray<int>(Columns + 1, pinned: true);
        var w0 = new short[Columns];
        var w1 = new short[Columns];
        ResizeTaps.Compute(sourceWidth, ResizedWidth, kind, rows: false, dx0, XOfs.AsSpan(0, Columns), XOfs1.AsSpan(0, Columns), w0, w1);
        for (int i = 0; i < Columns; i++)
        {
            // (a0, a1) for each of B, G, R and zeros for the fourth lane: the layout the pair-wise
            // multiply-add consumes directly.
            for (int c = 0; c < 3; c++)
            {
                Weights[8 * i + 2 * c] = w0[i];
                Weights[8 * i + 2 * c + 1] = w1[i];
            }
            WeightPairs[i] = (ushort)w0[i] | (w1[i] << 16);
        }
        Y0 = new int[Rows];
        Y1 = new int[Rows];
        B0 = new short[Rows];
        B1 = new short[Rows];
        ResizeTaps.Compute(sourceHeight, ResizedHeight, kind, rows: true, dy0, Y0, Y1, B0, B1);
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int Width { get; }
    public int Height { get; }
    public TapKind Kind { get; }
    public int ResizedWidth { get; }
    public int ResizedHeight { get; }
    public int PadLeft { get; }
    public int PadTop { get; }

    /// <summary>Resized-image columns the tensor shows, starting at tensor column <see cref="FirstColumn"/>.</summary>
    public int Columns { get; }
    public int Rows { get; }
    public int FirstColumn { get; }
    public int FirstRow { get; }

    /// <summary>Per visible column: left tap (source column within the region), right tap (clamped), weights.</summary>
    public int[] XOfs { get; }
    public int[] XOfs1 { get; }
    public short[] Weights { get; }

    /// <summary>Per visible column: <c>a0 | a1 &lt;&lt; 16</c>, the gray path's multiply-add operand.</summary>
    public int[] WeightPairs { get; }

    /// <summary>Per visible row: the two source rows (clamped) and their weights.</summary>
    public int[] Y0 { get; }
    public int[] Y1 { get; }
    public short[] B0 { get; }
    public short[] B1 { get; }

    public bool Matches(int sourceWidth, int sourceHeight, in ImageTransform t, int width, int height, TapKind kind) =>
        sourceWidth == SourceWidth && sourceHeight == SourceHeight && width == Width && height == Height && kind == Kind
        && t.ResizedWidth == ResizedWidth && t.ResizedHeight == ResizedHeight && (int)t.PadLeft == PadLeft && (int)t.PadTop == PadTop;
}
