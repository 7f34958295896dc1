using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>Bad frames, geometry and tensors are rejected with a specific message, never read out of bounds.</summary>
public sealed class PreprocessValidationTests
{
    [Fact]
    public void ImageView_BufferShorterThanFrame_ThrowsWithSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[100], 10, 10, PixelFormat.Bgr24));
        Assert.Contains("buffer of 100 bytes is shorter than a 10x10 bgr24 frame with stride 30 (300 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageView_Nv12FrameMissingChroma_ThrowsWithSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[64 * 48], 64, 48, PixelFormat.Nv12));
        Assert.Contains("shorter than a 64x48 nv12 frame", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageView_OddNv12Width_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[10000], 33, 20, PixelFormat.Nv12));
        Assert.Contains("nv12 needs even width and height (4:2:0 chroma), got 33x20", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    public void ImageView_ZeroOrNegativeSize_Throws(int w, int h)
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[1000], w, h, PixelFormat.Gray8));
        Assert.Contains($"image size must be positive, got {w}x{h}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageView_StrideShorterThanRow_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[10000], 20, 10, PixelFormat.Bgra32, stride: 79));
        Assert.Contains("stride 79 is shorter than one row of 20 bgra32 pixels (80 bytes)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ZeroTargetSize_Throws()
    {
        using var pre = new FramePreprocessor(1);
        var e = Assert.Throws<ArgumentException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[100], new PreprocessOptions(0, 10)));
        Assert.Contains("target size must be positive, got 0x10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TensorTooShort_ThrowsWithSizes()
    {
        using var pre = new FramePreprocessor(1);
        var e = Assert.Throws<ArgumentException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[3 * 8 * 8], new PreprocessOptions(8, 8), batchIndex: 1));
        Assert.Contains("tensor of 192 elements is shorter than batch item 1 of 3x8x8 needs (384)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RegionOutsideFrame_Throws()
    {
        using var pre = new FramePreprocessor(1);
        var options = new PreprocessOptions(8, 8) { SourceRegion = new PixelRect(5, 5, 6, 2) };
        var e = Assert.Throws<ArgumentException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[192], options));
        Assert.Contains("source region 5,5 6x2 is not inside the 10x10 frame", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ZeroStd_Throws()
    {
        using var pre = new FramePreprocessor(1);
        var options = new PreprocessOptions(8, 8) { Std = new System.Numerics.Vector3(1, 0, 1) };
        var e = Assert.Throws<ArgumentException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[192], options));
        Assert.Contains("std must be non-zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AreaWithFractionalShrink_ThrowsNotSupported()
    {
        using var pre = new FramePreprocessor(1);
        var options = new PreprocessOptions(7, 7) { Mode = GeometryMode.Stretch, Interpolation = Interpolation.Area };
        var e = Assert.Throws<NotSupportedException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[147], options));
        Assert.Contains("only for upscales and whole-number factors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SliverThatRoundsToZeroPixels_IsAllPadding()
    {
        // 1x2000 letterboxed into 640x640 resizes to round(0.32) = 0 columns: nothing to sample, all pad.
        using var pre = new FramePreprocessor(1);
        var tensor = new byte[3 * 640 * 640];
        var t = pre.Run(new ImageView(new byte[2000], 1, 2000, PixelFormat.Gray8), tensor, new PreprocessOptions(640, 640));
        Assert.Equal(0, t.ResizedWidth);
        Assert.All(tensor, v => Assert.Equal(114, v));
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        var pre = new FramePreprocessor(2);
        pre.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pre.Run(new ImageView(new byte[300], 10, 10, PixelFormat.Bgr24), new float[192], new PreprocessOptions(8, 8)));
    }

    [Fact]
    public void Run_LastRowEndsAtBufferEnd_ReadsNothingBeyond()
    {
        // A frame whose last pixel is the last byte of the buffer: the vector loads must stay inside it.
        var data = new byte[3 * 17 * 5];
        new Random(1).NextBytes(data);
        using var pre = new FramePreprocessor(1);
        var tensor = new byte[3 * 17 * 5];
        pre.Run(new ImageView(data, 17, 5, PixelFormat.Bgr24), tensor, new PreprocessOptions(17, 5) { Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc });
        Assert.True(data.AsSpan().SequenceEqual(tensor));
    }
}
