using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// Every vector path (512, 256, 128 bits) against the scalar one, at widths that end on every tail of every
/// vector width, for each kernel alone and for the whole fused kernel.
/// </summary>
public sealed unsafe class PreprocessSimdTests
{
    private static readonly int[] s_widths = [512, 256, 128];

    [Fact]
    public void YuvRowToBgrx_EveryCountUpTo200_EqualsScalarPixel()
    {
        var rng = new Random(11);
        var y = new byte[256];
        var uv = new byte[256];
        rng.NextBytes(y);
        rng.NextBytes(uv);
        y[0] = 0;
        y[1] = 255;
        uv[0] = 0;
        uv[1] = 255;
        var dst = new uint[256];
        foreach (bool swap in new[] { false, true })
        {
            for (int count = 0; count <= 200; count++)
            {
                foreach (int bits in s_widths)
                {
                    Array.Clear(dst);
                    fixed (byte* py = y)
                    fixed (byte* puv = uv)
                    fixed (uint* pd = dst)
                    {
                        YuvToBgr.RowToBgrx(py, puv, swap, count, pd, bits);
                    }
                    for (int i = 0; i < count; i++)
                    {
                        int pair = i & ~1;
                        YuvToBgr.Pixel(y[i], uv[pair + (swap ? 1 : 0)], uv[pair + (swap ? 0 : 1)], out byte b, out byte g, out byte r);
                        Assert.True(dst[i] == (b | ((uint)g << 8) | ((uint)r << 16)), $"count {count} bits {bits} pixel {i}");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void HorizontalResizePacked_EveryCountUpTo100_EqualsScalar(int bpp)
    {
        var rng = new Random(bpp);
        int sourceWidth = 257;
        var row = new byte[sourceWidth * bpp + 16];
        rng.NextBytes(row);
        for (int count = 1; count <= 100; count++)
        {
            (int[] x0, int[] x1, short[] weights) = Taps(sourceWidth, count);
            var expected = new int[4 * count];
            var actual = new int[4 * count];
            fixed (byte* pr = row)
            fixed (int* p0 = x0)
            fixed (int* p1 = x1)
            fixed (short* pw = weights)
            {
                fixed (int* pe = expected)
                {
                    HorizontalResize.PackedScalar(pr, bpp, p0, p1, pw, 0, count, pe);
                }
                foreach (int bits in s_widths)
                {
                    Array.Fill(actual, -1);
                    fixed (int* pa = actual)
                    {
                        HorizontalResize.Packed(pr, bpp, p0, p1, pw, count, count, pa, bits);
                    }
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"bpp {bpp} count {count} bits {bits}");
                }
            }
        }
    }

    [Fact]
    public void HorizontalResizeGray_EveryCountUpTo100_EqualsScalar()
    {
        var rng = new Random(9);
        int sourceWidth = 301;
        var row = new byte[sourceWidth + 4];
        rng.NextBytes(row);
        for (int count = 1; count <= 100; count++)
        {
            (int[] x0, int[] x1, short[] weights) = Taps(sourceWidth, count);
            var expected = new int[count];
            var actual = new int[count];
            fixed (byte* pr = row)
            fixed (int* p0 = x0)
            fixed (int* p1 = x1)
            fixed (short* pw = weights)
            {
                fixed (int* pe = expected)
                {
                    HorizontalResize.Gray(pr, p0, p1, pw, count, 0, pe, 0);
                }
                foreach (int bits in s_widths)
                {
                    Array.Fill(actual, -1);
                    fixed (int* pa = actual)
                    {
                        HorizontalResize.Gray(pr, p0, p1, pw, count, count, pa, bits);
                    }
                    Assert.True(expected.AsSpan().SequenceEqual(actual), $"count {count} bits {bits}");
                }
            }
        }
    }

    /// <summary>OpenCV's column taps in the plan's layout: (a0, a1) for each of three channels, then zeros.</summary>
    private static (int[] X0, int[] X1, short[] Weights) Taps(int sourceWidth, int count)
    {
        var x0 = new int[count];
        var x1 = new int[count];
        var w0 = new short[count];
        var w1 = new short[count];
        ResizeTaps.Compute(sourceWidth, count, TapKind.Linear, rows: false, 0, x0, x1, w0, w1);
        var weights = new short[8 * count];
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                weights[8 * i + 2 * c] = w0[i];
                weights[8 * i + 2 * c + 1] = w1[i];
            }
        }
        return (x0, x1, weights);
    }

    [Fact]
    public void VerticalResizeRow_EveryCountUpTo200_EqualsScalar()
    {
        var rng = new Random(5);
        var h0 = new int[256];
        var h1 = new int[256];
        for (int i = 0; i < h0.Length; i++)
        {
            h0[i] = rng.Next(0, 255 * 2049 + 1);
            h1[i] = rng.Next(0, 255 * 2049 + 1);
        }
        var dst = new byte[256];
        for (int count = 0; count <= 200; count++)
        {
            int b0 = rng.Next(0, 2049);
            int b1 = 2048 - b0 + rng.Next(-1, 2);
            foreach (int bits in s_widths)
            {
                Array.Clear(dst);
                fixed (int* p0 = h0)
                fixed (int* p1 = h1)
                fixed (byte* pd = dst)
                {
                    VerticalResize.Row(p0, p1, b0, Math.Max(0, b1), pd, count, bits);
                }
                for (int i = 0; i < count; i++)
                {
                    Assert.Equal(VerticalResize.Scalar(h0[i], h1[i], b0, Math.Max(0, b1)), dst[i]);
                }
            }
        }
    }

    public static TheoryData<PixelFormat> Formats() => new(TestFrames.AllFormats);

    [Theory]
    [MemberData(nameof(Formats))]
    public void Run_TargetWidths1To70_EveryVectorWidthEqualsScalar(PixelFormat format)
    {
        (int w, int h) = TestFrames.Fit(format, 91, 23);
        byte[] frame = TestFrames.Random(format, w, h, 5, 3, out int stride);
        var view = new ImageView(frame, w, h, format, stride);
        using var pre = new FramePreprocessor(1);
        for (int tw = 1; tw <= 70; tw++)
        {
            foreach (TensorLayout layout in Enum.GetValues<TensorLayout>())
            {
                var options = new PreprocessOptions(tw, 13) { Mode = GeometryMode.Stretch, Layout = layout, Scale = 1f / 255f };
                pre.MaxVectorBits = 0;
                var scalarU8 = new byte[3 * tw * 13];
                var scalarF32 = new float[3 * tw * 13];
                pre.Run(view, scalarU8, options);
                pre.Run(view, scalarF32, options);
                foreach (int bits in s_widths)
                {
                    pre.MaxVectorBits = bits;
                    var u8 = new byte[scalarU8.Length];
                    var f32 = new float[scalarF32.Length];
                    pre.Run(view, u8, options);
                    pre.Run(view, f32, options);
                    Assert.True(scalarU8.AsSpan().SequenceEqual(u8), $"{format} u8 {layout} width {tw} bits {bits}");
                    Assert.True(scalarF32.AsSpan().SequenceEqual(f32), $"{format} f32 {layout} width {tw} bits {bits}");
                }
            }
        }
    }
}
