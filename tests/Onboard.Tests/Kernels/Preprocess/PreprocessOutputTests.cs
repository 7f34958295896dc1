using Onboard.Kernels;
using System.Numerics;
using System.Runtime.InteropServices;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>Element types, layouts, normalisation, batch index, threads and allocation of the fused kernel.</summary>
public sealed class PreprocessOutputTests
{
    // The element types the preprocessing kernel writes (the shared vocabulary has more).
    private static readonly TensorElementType[] s_writable = [TensorElementType.Float32, TensorElementType.Float16, TensorElementType.UInt8];

    private static readonly Vector3 s_mean = new(0.485f, 0.456f, 0.406f);
    private static readonly Vector3 s_std = new(0.229f, 0.224f, 0.225f);

    private static ImageView Frame(PixelFormat format, int w, int h, int seed)
    {
        byte[] data = TestFrames.Random(format, w, h, 0, seed, out int stride);
        return new ImageView(data, w, h, format, stride);
    }

    [Theory]
    [InlineData(PixelFormat.Nv12, ChannelOrder.Rgb, TensorLayout.Nchw)]
    [InlineData(PixelFormat.Bgr24, ChannelOrder.Bgr, TensorLayout.Nhwc)]
    [InlineData(PixelFormat.Rgba32, ChannelOrder.Rgb, TensorLayout.Nhwc)]
    [InlineData(PixelFormat.Gray8, ChannelOrder.Bgr, TensorLayout.Nchw)]
    public void Run_Float32WithMeanStd_EqualsU8TimesScaleMinusMeanOverStd(PixelFormat format, ChannelOrder order, TensorLayout layout)
    {
        ImageView view = Frame(format, 200, 120, 1);
        var options = new PreprocessOptions(64, 64) { Order = order, Layout = layout, Scale = 1f / 255f, Mean = s_mean, Std = s_std };
        using var pre = new FramePreprocessor(1);
        var u8 = new byte[3 * 64 * 64];
        var f32 = new float[u8.Length];
        var f16 = new Half[u8.Length];
        pre.Run(view, u8, options);
        pre.Run(view, f32, options);
        pre.Run(view, f16, options);
        for (int i = 0; i < u8.Length; i++)
        {
            int c = layout == TensorLayout.Nchw ? i / (64 * 64) : i % 3;
            float expected = (u8[i] * options.Scale - s_mean[c]) / s_std[c];
            Assert.True(MathF.Abs(expected - f32[i]) <= 1e-5f * MathF.Max(1, MathF.Abs(expected)), $"element {i}: {f32[i]} vs {expected}");
            Assert.Equal((float)(Half)f32[i], (float)f16[i]);
        }
    }

    [Theory]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.Bgr24)]
    public void Run_ScaleOnly_BitEqualsBlobFromImageArithmetic(PixelFormat format)
    {
        // cv2.dnn.blobFromImage(img, 1/255.0) multiplies float32(pixel) by float32(scale) (checked against
        // Debian's OpenCV); with no mean/std the fused kernel must give the very same floats.
        ImageView view = Frame(format, 320, 180, 8);
        var options = new PreprocessOptions(128, 128) { Scale = (float)(1 / 255.0) };
        using var pre = new FramePreprocessor(1);
        var u8 = new byte[3 * 128 * 128];
        var f32 = new float[u8.Length];
        pre.Run(view, u8, options);
        pre.Run(view, f32, options);
        for (int i = 0; i < u8.Length; i++)
        {
            Assert.Equal(u8[i] * options.Scale, f32[i]);
        }
    }

    [Fact]
    public void Run_OrderRgbVersusBgr_SwapsPlanes()
    {
        ImageView view = Frame(PixelFormat.Nv21, 96, 64, 2);
        using var pre = new FramePreprocessor(1);
        var rgb = new float[3 * 32 * 32];
        var bgr = new float[rgb.Length];
        pre.Run(view, rgb, new PreprocessOptions(32, 32) { Order = ChannelOrder.Rgb });
        pre.Run(view, bgr, new PreprocessOptions(32, 32) { Order = ChannelOrder.Bgr });
        int plane = 32 * 32;
        Assert.True(rgb.AsSpan(0, plane).SequenceEqual(bgr.AsSpan(2 * plane, plane)));
        Assert.True(rgb.AsSpan(plane, plane).SequenceEqual(bgr.AsSpan(plane, plane)));
        Assert.False(rgb.AsSpan(0, plane).SequenceEqual(rgb.AsSpan(2 * plane, plane)));
    }

    [Fact]
    public void Run_BatchIndexTwo_WritesOnlyThirdItem()
    {
        ImageView view = Frame(PixelFormat.Bgr24, 50, 40, 3);
        using var pre = new FramePreprocessor(1);
        int item = 3 * 16 * 16;
        var batch = new float[4 * item];
        Array.Fill(batch, -7f);
        var single = new float[item];
        var options = new PreprocessOptions(16, 16);
        pre.Run(view, single, options);
        pre.Run(view, batch, options, batchIndex: 2);
        Assert.All(batch.AsSpan(0, 2 * item).ToArray(), v => Assert.Equal(-7f, v));
        Assert.True(single.AsSpan().SequenceEqual(batch.AsSpan(2 * item, item)));
        Assert.All(batch.AsSpan(3 * item).ToArray(), v => Assert.Equal(-7f, v));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Run_SeveralThreads_EqualsOneThread(int threads)
    {
        ImageView view = Frame(PixelFormat.Nv12, 640, 360, 4);
        var options = new PreprocessOptions(320, 320);
        using var one = new FramePreprocessor(1);
        using var many = new FramePreprocessor(threads);
        var expected = new float[3 * 320 * 320];
        var actual = new float[expected.Length];
        one.Run(view, expected, options);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            Array.Clear(actual);
            many.Run(view, actual, options);
            Assert.True(expected.AsSpan().SequenceEqual(actual));
        }
    }

    [Theory]
    [InlineData(PixelFormat.Nv12, 1)]
    [InlineData(PixelFormat.Bgr24, 1)]
    [InlineData(PixelFormat.Bgr24, 2)]
    public void Run_SteadyState_AllocatesNothing(PixelFormat format, int threads)
    {
        byte[] data = TestFrames.Random(format, 640, 480, 0, 5, out int stride);
        var tensor = new float[3 * 320 * 320];
        var options = new PreprocessOptions(320, 320);
        using var pre = new FramePreprocessor(threads);
        Assert.Equal(0, Allocations.InSteadyState(() => pre.Run(new ImageView(data, 640, 480, format, stride), tensor, options), warmup: 2, calls: 5));
    }

    public static TheoryData<PixelFormat, TensorElementType> FormatsAndTypes()
    {
        var data = new TheoryData<PixelFormat, TensorElementType>();
        foreach (PixelFormat f in TestFrames.AllFormats)
        {
            foreach (TensorElementType t in s_writable)
            {
                data.Add(f, t);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndTypes))]
    public void Warm_ThenFirstFrame_AllocatesNothingAndEqualsAnUnwarmedRun(PixelFormat format, TensorElementType type)
    {
        (int w, int h) = TestFrames.Fit(format, 321, 181);
        byte[] data = TestFrames.Random(format, w, h, 3, 17, out int stride);
        var options = new PreprocessOptions(96, 64) { Mean = new Vector3(0.1f, 0.2f, 0.3f) };
        var view = new ImageView(data, w, h, format, stride);
        using var cold = new FramePreprocessor(2);
        using var warmed = new FramePreprocessor(2);
        warmed.Warm(format, w, h, options, type, stride);
        int elements = 3 * 96 * 64;
        switch (type)
        {
            case TensorElementType.Float32:
            {
                float[] expected = new float[elements], actual = new float[elements];
                Assert.Equal(0, FirstCallBytes(() => warmed.Run(new ImageView(data, w, h, format, stride), actual, options)));
                cold.Run(view, expected, options);
                Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())));
                break;
            }
            case TensorElementType.Float16:
            {
                Half[] expected = new Half[elements], actual = new Half[elements];
                Assert.Equal(0, FirstCallBytes(() => warmed.Run(new ImageView(data, w, h, format, stride), actual, options)));
                cold.Run(view, expected, options);
                Assert.True(MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())));
                break;
            }
            default:
            {
                byte[] expected = new byte[elements], actual = new byte[elements];
                Assert.Equal(0, FirstCallBytes(() => warmed.Run(new ImageView(data, w, h, format, stride), actual, options)));
                cold.Run(view, expected, options);
                Assert.Equal(expected, actual);
                break;
            }
        }
    }

    /// <summary>Bytes the very first call allocates on this thread (the steady-state helper takes the least of
    /// several windows, which would hide a first-call allocation such as a resize plan).</summary>
    private static long FirstCallBytes(Action call)
    {
        _ = GC.GetAllocatedBytesForCurrentThread();
        long before = GC.GetAllocatedBytesForCurrentThread();
        call();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Run_RoiCrop_TransformMapsModelPointsBackIntoTheFrame()
    {
        ImageView view = Frame(PixelFormat.Bgr24, 400, 300, 6);
        using var pre = new FramePreprocessor(1);
        var tensor = new float[3 * 100 * 100];
        var options = new PreprocessOptions(100, 100) { SourceRegion = new PixelRect(100, 50, 200, 100) };
        ImageTransform t = pre.Run(view, tensor, options);
        Assert.Equal(0.5f, t.ScaleX);
        Assert.Equal(25f, t.PadTop);
        Assert.Equal(100f, t.ToSourceX(0));
        Assert.Equal(50f, t.ToSourceY(25));
        Assert.Equal(300f, t.ToSourceX(100));
        Assert.Equal(400, t.SourceWidth);
    }

    [Fact]
    public void ToPlanarFloat_Nv12Frame_EqualsFusedKernel()
    {
        ImageView view = Frame(PixelFormat.Nv12, 320, 180, 7);
        var options = new PreprocessOptions(64, 64);
        var expected = new float[3 * 64 * 64];
        var actual = new float[expected.Length];
        using (var pre = new FramePreprocessor(1))
        {
            pre.Run(view, expected, options);
        }
        Preprocessor.ToPlanarFloat(view, actual, options);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }
}
