using System.Numerics;
using System.Runtime.InteropServices;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Kernels.Simd;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// Every vector width (512, 256, 128 bits) against the scalar path (0), at run lengths 0..256 so every tail of
/// every width is hit, for each row kernel alone and for the whole fused kernel. The tensor writer's own
/// kernels are in <see cref="TensorWriterTests"/>.
/// </summary>
public sealed unsafe class PreprocessSimdTests
{
    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void YuvRowToBgrx_EveryCount0To256_EqualsScalarPixel(int bits)
    {
        var rng = new Random(11);
        var y = new byte[256];
        var uv = new byte[256];
        rng.NextBytes(y);
        rng.NextBytes(uv);
        // The clamps: luma below 16 and at 255, chroma at both ends.
        (y[0], y[1], y[2], uv[0], uv[1], uv[2], uv[3]) = (0, 255, 15, 0, 255, 255, 0);
        var dst = new uint[256];
        foreach (bool swap in new[] { false, true })
        {
            for (int count = 0; count <= 256; count++)
            {
                Array.Fill(dst, 0xDEADBEEF);
                fixed (byte* py = y)
                fixed (byte* puv = uv)
                fixed (uint* pd = dst)
                {
                    YuvToBgr.RowToBgrx(py, puv, swap, count, pd, bits);
                }
                for (int i = 0; i < 256; i++)
                {
                    int pair = i & ~1;
                    YuvToBgr.Pixel(y[i], uv[pair + (swap ? 1 : 0)], uv[pair + (swap ? 0 : 1)], out byte b, out byte g, out byte r);
                    uint expected = i < count ? b | ((uint)g << 8) | ((uint)r << 16) : 0xDEADBEEF;
                    Assert.True(dst[i] == expected, $"count {count} bits {bits} swap {swap} pixel {i}");
                }
            }
        }
    }

    public static TheoryData<PixelFormat, int> YuvFormatsAndWidths() => VectorWidths.Each(TestFrames.AllFormats.Where(YuvRows.IsYuv));

    [Theory]
    [MemberData(nameof(YuvFormatsAndWidths))]
    public void YuvRowsToBgrx_EveryRunAndOffset_EqualsScalar(PixelFormat format, int bits)
    {
        // I420's interleave and YUYV/UYVY's split run before the conversion: their tails too.
        (int w, int h) = TestFrames.Fit(format, 300, 4);
        byte[] data = TestFrames.Random(format, w, h, 6, 21, out int stride);
        var expected = new uint[w + 64];
        var actual = new uint[w + 64];
        var scratch = new byte[YuvRows.ScratchBytes(w)];
        fixed (byte* pf = data)
        fixed (uint* pe = expected)
        fixed (uint* pa = actual)
        fixed (byte* ps = scratch)
        {
            var frame = new SourceFrame(pf, data.Length, w, h, stride, format);
            for (int count = 1; count <= 256; count++)
            {
                int x0 = count % 5;
                int y = count % h;
                int first = YuvRows.ToBgrx(frame, y, x0, count, pe, ps, 0);
                Assert.Equal(first, YuvRows.ToBgrx(frame, y, x0, count, pa, ps, bits));
                int n = ((x0 + count + 1) & ~1) - first;
                Assert.True(expected.AsSpan(0, n).SequenceEqual(actual.AsSpan(0, n)), $"{format} {bits} bits x0 {x0} count {count}");
            }
        }
    }

    public static TheoryData<int, int> PixelSizesAndWidths() => VectorWidths.Each([3, 4]);

    [Theory]
    [MemberData(nameof(PixelSizesAndWidths))]
    public void HorizontalResizePacked_EveryCount1To256_EqualsScalar(int bpp, int bits)
    {
        var rng = new Random(bpp);
        int sourceWidth = 513;
        var row = new byte[sourceWidth * bpp + 16];
        rng.NextBytes(row);
        for (int count = 1; count <= 256; count++)
        {
            (int[] x0, int[] x1, short[] weights, _) = Taps(sourceWidth, count);
            var expected = new short[4 * count];
            var actual = new short[4 * count];
            fixed (byte* pr = row)
            fixed (int* p0 = x0)
            fixed (int* p1 = x1)
            fixed (short* pw = weights)
            fixed (short* pe = expected)
            fixed (short* pa = actual)
            {
                HorizontalResize.PackedScalar(pr, bpp, p0, p1, pw, 0, count, pe);
                Array.Fill(actual, (short)-1);
                HorizontalResize.Packed(pr, bpp, p0, p1, pw, count, count, pa, bits);
            }
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"bpp {bpp} count {count} bits {bits}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void HorizontalResizeGray_EveryCount1To256_EqualsScalar(int bits)
    {
        var rng = new Random(9);
        int sourceWidth = 601;
        var row = new byte[sourceWidth + 4];
        rng.NextBytes(row);
        for (int count = 1; count <= 256; count++)
        {
            (int[] x0, int[] x1, _, int[] pairs) = Taps(sourceWidth, count);
            var expected = new short[count];
            var actual = new short[count];
            fixed (byte* pr = row)
            fixed (int* p0 = x0)
            fixed (int* p1 = x1)
            fixed (int* pp = pairs)
            fixed (short* pe = expected)
            fixed (short* pa = actual)
            {
                HorizontalResize.Gray(pr, p0, p1, pp, count, 0, pe, 0);
                Array.Fill(actual, (short)-1);
                HorizontalResize.Gray(pr, p0, p1, pp, count, count, pa, bits);
            }
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"count {count} bits {bits}");
        }
    }

    /// <summary>OpenCV's column taps in the plan's layouts: (a0, a1) for each of three channels then zeros, and a0 | a1 &lt;&lt; 16.</summary>
    private static (int[] X0, int[] X1, short[] Weights, int[] Pairs) Taps(int sourceWidth, int count)
    {
        var x0 = new int[count];
        var x1 = new int[count];
        var w0 = new short[count];
        var w1 = new short[count];
        ResizeTaps.Compute(sourceWidth, count, TapKind.Linear, rows: false, 0, x0, x1, w0, w1);
        var weights = new short[8 * count];
        var pairs = new int[count];
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                weights[8 * i + 2 * c] = w0[i];
                weights[8 * i + 2 * c + 1] = w1[i];
            }
            pairs[i] = (ushort)w0[i] | (w1[i] << 16);
        }
        return (x0, x1, weights, pairs);
    }

    [Theory]
    [MemberData(nameof(VectorWidths.Data), MemberType = typeof(VectorWidths))]
    public void VerticalResizeRow_EveryCount0To256AndZeroWeights_EqualsScalar(int bits)
    {
        var rng = new Random(5);
        var h0 = new short[256];
        var h1 = new short[256];
        for (int i = 0; i < h0.Length; i++)
        {
            h0[i] = (short)(rng.Next(0, 255 * 2049 + 1) >> 4);
            h1[i] = (short)(rng.Next(0, 255 * 2049 + 1) >> 4);
        }
        var dst = new byte[256 + 16];
        for (int count = 0; count <= 256; count++)
        {
            int b0 = rng.Next(0, 2049);
            int b1 = Math.Max(0, 2048 - b0 + rng.Next(-1, 2));
            // Both rows, and each row alone (the one-row path a zero weight takes).
            foreach ((int w0, int w1) in new[] { (b0, b1), (2048, 0), (0, 2048) })
            {
                Array.Fill(dst, (byte)0xAB);
                fixed (short* p0 = h0)
                fixed (short* p1 = h1)
                fixed (byte* pd = dst)
                {
                    VerticalResize.Row(p0, p1, w0, w1, pd, count, bits);
                }
                for (int i = 0; i < dst.Length; i++)
                {
                    byte expected = i < count ? VerticalResize.Scalar(h0[i], h1[i], w0, w1) : (byte)0xAB;
                    Assert.True(expected == dst[i], $"count {count} bits {bits} weights {w0},{w1} element {i}");
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
                // Alternate plain scaling with ImageNet normalisation, so both affine formulas are exercised.
                var options = new PreprocessOptions(tw, 13) { Mode = GeometryMode.Stretch, Layout = layout, Scale = 1f / 255f };
                if (tw % 2 == 0)
                {
                    options = options with { Mean = new Vector3(0.485f, 0.456f, 0.406f), Std = new Vector3(0.229f, 0.224f, 0.225f) };
                }
                pre.MaxVectorBits = 0;
                var scalarU8 = new byte[3 * tw * 13];
                var scalarF32 = new float[3 * tw * 13];
                var scalarF16 = new Half[3 * tw * 13];
                pre.Run(view, scalarU8, options);
                pre.Run(view, scalarF32, options);
                pre.Run(view, scalarF16, options);
                foreach (int bits in VectorWidths.All)
                {
                    pre.MaxVectorBits = bits;
                    var u8 = new byte[scalarU8.Length];
                    var f32 = new float[scalarF32.Length];
                    var f16 = new Half[scalarF16.Length];
                    pre.Run(view, u8, options);
                    pre.Run(view, f32, options);
                    pre.Run(view, f16, options);
                    Assert.True(scalarU8.AsSpan().SequenceEqual(u8), $"{format} u8 {layout} width {tw} bits {bits}");
                    Assert.True(MemoryMarshal.AsBytes(scalarF32.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(f32.AsSpan())), $"{format} f32 {layout} width {tw} bits {bits}");
                    Assert.True(MemoryMarshal.AsBytes(scalarF16.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(f16.AsSpan())), $"{format} f16 {layout} width {tw} bits {bits}");
                }
            }
        }
    }
}
