using System.Buffers;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;

namespace Onboard.Kernels.Preprocess;

/// <summary>
/// Source frame → model input tensor (NCHW float) in one pass: geometry, bilinear sampling with OpenCV's
/// pixel-centre convention, channel order and scaling, written straight into the caller's tensor.
/// This is the scalar reference; the SIMD and YUV paths build on the same plan.
/// </summary>
public static class Preprocessor
{
    /// <summary>
    /// Fills <paramref name="tensor"/> (length ≥ 3·H·W, planar C,H,W) from <paramref name="source"/>.
    /// Returns the transform to map model-space boxes back to source pixels.
    /// </summary>
    public static ImageTransform ToPlanarFloat(scoped in ImageView source, Span<float> tensor, in PreprocessOptions options)
    {
        int w = options.Width;
        int h = options.Height;
        int plane = checked(w * h);
        if (tensor.Length < 3 * plane)
        {
            throw new ArgumentException($"tensor of {tensor.Length} floats is shorter than 3x{h}x{w} ({3 * plane})", nameof(tensor));
        }
        int bpp = source.Format switch
        {
            PixelFormat.Bgr24 or PixelFormat.Rgb24 => 3,
            PixelFormat.Bgra32 or PixelFormat.Rgba32 => 4,
            PixelFormat.Gray8 => 1,
            _ => throw new NotSupportedException($"the scalar reference path reads packed RGB/gray frames; {PixelFormatInfo.Name(source.Format)} needs colour conversion first"),
        };
        ImageTransform t = GeometryPlanner.Plan(source.Width, source.Height, w, h, options.Mode);

        // Source channel feeding each output plane.
        bool sourceIsRgb = source.Format is PixelFormat.Rgb24 or PixelFormat.Rgba32;
        bool wantRgb = options.Order == ChannelOrder.Rgb;
        int c0 = bpp == 1 ? 0 : (sourceIsRgb == wantRgb ? 0 : 2);
        int c1 = bpp == 1 ? 0 : 1;
        int c2 = bpp == 1 ? 0 : 2 - c0;

        Span<float> r = tensor[..plane];
        Span<float> g = tensor.Slice(plane, plane);
        Span<float> b = tensor.Slice(2 * plane, plane);
        float pad = options.PadValue * options.Scale;

        // Output columns that sample the image, and their source taps, computed once per call.
        int x0 = Math.Max(0, (int)t.PadLeft);
        int x1 = Math.Min(w, (int)t.PadLeft + t.ResizedWidth);
        int y0 = Math.Max(0, (int)t.PadTop);
        int y1 = Math.Min(h, (int)t.PadTop + t.ResizedHeight);
        int[] xTaps = ArrayPool<int>.Shared.Rent(Math.Max(1, x1 - x0));
        float[] xWeights = ArrayPool<float>.Shared.Rent(Math.Max(1, x1 - x0));
        try
        {
            double sx = (double)source.Width / t.ResizedWidth;
            for (int x = x0; x < x1; x++)
            {
                Tap((x - t.PadLeft + 0.5) * sx - 0.5, source.Width, out xTaps[x - x0], out xWeights[x - x0]);
            }
            double sy = (double)source.Height / t.ResizedHeight;
            ReadOnlySpan<byte> data = source.Data;
            for (int y = 0; y < h; y++)
            {
                int row = y * w;
                if (y < y0 || y >= y1)
                {
                    r.Slice(row, w).Fill(pad);
                    g.Slice(row, w).Fill(pad);
                    b.Slice(row, w).Fill(pad);
                    continue;
                }
                r.Slice(row, x0).Fill(pad);
                g.Slice(row, x0).Fill(pad);
                b.Slice(row, x0).Fill(pad);
                r.Slice(row + x1, w - x1).Fill(pad);
                g.Slice(row + x1, w - x1).Fill(pad);
                b.Slice(row + x1, w - x1).Fill(pad);

                Tap((y - t.PadTop + 0.5) * sy - 0.5, source.Height, out int ty, out float fy);
                int ty1 = Math.Min(ty + 1, source.Height - 1);
                ReadOnlySpan<byte> top = data.Slice(ty * source.Stride);
                ReadOnlySpan<byte> bottom = data.Slice(ty1 * source.Stride);
                for (int x = x0; x < x1; x++)
                {
                    int tx = xTaps[x - x0];
                    float fx = xWeights[x - x0];
                    int a = tx * bpp;
                    int c = Math.Min(tx + 1, source.Width - 1) * bpp;
                    int i = row + x;
                    r[i] = options.Scale * Lerp2(top, bottom, a + c0, c + c0, fx, fy);
                    g[i] = options.Scale * Lerp2(top, bottom, a + c1, c + c1, fx, fy);
                    b[i] = options.Scale * Lerp2(top, bottom, a + c2, c + c2, fx, fy);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(xTaps);
            ArrayPool<float>.Shared.Return(xWeights);
        }
        return t;
    }

    /// <summary>OpenCV's INTER_LINEAR tap: floor of the mapped coordinate, clamped at both edges.</summary>
    private static void Tap(double coordinate, int size, out int index, out float weight)
    {
        int i = (int)Math.Floor(coordinate);
        double f = coordinate - i;
        if (i < 0)
        {
            i = 0;
            f = 0;
        }
        if (i >= size - 1)
        {
            i = size - 1;
            f = 0;
        }
        index = i;
        weight = (float)f;
    }

    private static float Lerp2(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, int a, int c, float fx, float fy)
    {
        float t = top[a] + fx * (top[c] - top[a]);
        float u = bottom[a] + fx * (bottom[c] - bottom[a]);
        return t + fy * (u - t);
    }
}
