using System.Numerics;
using Onboard.Kernels;
using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// The device preprocessing kernel on ILGPU's CPU accelerator against the host kernel: bit-identical tensors in
/// every pixel format, geometry mode, ROI, interpolation, element type, layout and batch item, on small frames
/// (the CPU accelerator runs one OS thread per simulated thread), with padded strides.
/// </summary>
public sealed class DevicePreprocessTests
{
    public static TheoryData<PixelFormat, string> FormatsAndModes()
    {
        var data = new TheoryData<PixelFormat, string>();
        foreach (PixelFormat f in TestFrames.AllFormats)
        {
            foreach (string mode in new[] { "letterbox", "stretch", "centercrop", "roi", "upscale", "nearest" })
            {
                data.Add(f, mode);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatsAndModes))]
    public void Float32_EveryFormatAndMode_BitIdenticalToHost(PixelFormat format, string mode)
    {
        (int w, int h, PreprocessOptions options) = Case(format, mode);
        AssertSame(DeviceKind.CpuDefault, format, w, h, options, TensorElementType.Float32);
    }

    public static TheoryData<PixelFormat> Formats() => new(TestFrames.AllFormats);

    [Theory]
    [MemberData(nameof(Formats))]
    public void UInt8Nhwc_EveryFormat_BitIdenticalToHost(PixelFormat format)
    {
        (int w, int h, PreprocessOptions options) = Case(format, "letterbox");
        AssertSame(DeviceKind.CpuDefault, format, w, h, options with { Layout = TensorLayout.Nhwc, Order = ChannelOrder.Bgr }, TensorElementType.UInt8);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Float16MeanStdBatchItem1_EveryFormat_BitIdenticalToHost(PixelFormat format)
    {
        (int w, int h, PreprocessOptions options) = Case(format, "stretch");
        options = options with { Mean = new Vector3(0.485f, 0.456f, 0.406f), Std = new Vector3(0.229f, 0.224f, 0.225f) };
        AssertSame(DeviceKind.CpuDefault, format, w, h, options, TensorElementType.Float16, batchIndex: 1);
    }

    [Theory]
    [InlineData(PixelFormat.Bgr24)]
    [InlineData(PixelFormat.Gray8)]
    [InlineData(PixelFormat.Nv12)]
    public void AreaWholeFactorShrink_BitIdenticalToHost(PixelFormat format)
    {
        // 24x18 → 8x6 is a 3× box on both axes (INTER_AREA's resizeAreaFast).
        var options = new PreprocessOptions(8, 6) { Mode = GeometryMode.Stretch, Interpolation = Interpolation.Area };
        AssertSame(DeviceKind.CpuDefault, format, 24, 18, options, TensorElementType.Float32);
    }

    [Theory]
    [MemberData(nameof(Accelerators.CpuKinds), MemberType = typeof(Accelerators))]
    public void EveryCpuAcceleratorKind_Nv12AndRgbaLetterbox_BitIdenticalToHost(DeviceKind kind)
    {
        foreach (PixelFormat format in new[] { PixelFormat.Nv12, PixelFormat.Rgba32 })
        {
            (int w, int h, PreprocessOptions options) = Case(format, "roi");
            AssertSame(kind, format, w, h, options, TensorElementType.Float32);
            AssertSame(kind, format, w, h, options, TensorElementType.UInt8);
        }
    }

    [CudaFact]
    public void Cuda_EveryFormatLetterbox_UInt8BitIdenticalAndFloat32Identical()
    {
        foreach (PixelFormat format in TestFrames.AllFormats)
        {
            (int w, int h, PreprocessOptions options) = Case(format, "letterbox");
            AssertSame(DeviceKind.Cuda, format, w, h, options, TensorElementType.UInt8);
            AssertSame(DeviceKind.Cuda, format, w, h, options, TensorElementType.Float32);
        }
    }

    /// <summary>A small frame and options for <paramref name="mode"/>: shrinks and upscales, odd sizes where the format allows.</summary>
    private static (int W, int H, PreprocessOptions Options) Case(PixelFormat format, string mode)
    {
        (int w, int h) = TestFrames.Fit(format, 27, 19);
        var options = new PreprocessOptions(16, 12);
        return mode switch
        {
            "stretch" => (w, h, options with { Mode = GeometryMode.Stretch }),
            "centercrop" => (w, h, options with { Mode = GeometryMode.CenterCrop }),
            "roi" => (w, h, options with { SourceRegion = new PixelRect(3, 2, 17, 13), Order = ChannelOrder.Bgr }),
            "upscale" => (TestFrames.Fit(format, 9, 7).Width, TestFrames.Fit(format, 9, 7).Height, new PreprocessOptions(20, 14)),
            "nearest" => (w, h, options with { Interpolation = Interpolation.Nearest }),
            _ => (w, h, options),
        };
    }

    private static void AssertSame(DeviceKind kind, PixelFormat format, int w, int h, in PreprocessOptions options, TensorElementType type, int batchIndex = 0)
    {
        byte[] data = TestFrames.Random(format, w, h, 5, 1000 + (int)format, out int stride);
        int elements = 3 * options.Width * options.Height * (batchIndex + 1);
        using var host = new FramePreprocessor(1);
        PreprocessOptions o = options;
        (byte[] expected, ImageTransform te) = Run(type, elements, (t, span) => t switch
        {
            TensorElementType.Float32 => host.Run(new ImageView(data, w, h, format, stride), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span), o, batchIndex),
            TensorElementType.Float16 => host.Run(new ImageView(data, w, h, format, stride), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(span), o, batchIndex),
            _ => host.Run(new ImageView(data, w, h, format, stride), span, o, batchIndex),
        });
        (byte[] actual, ImageTransform ta) = Accelerators.Use(kind, k => Run(type, elements, (t, span) => t switch
        {
            TensorElementType.Float32 => k.Preprocessor.Run(new ImageView(data, w, h, format, stride), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span), o, batchIndex),
            TensorElementType.Float16 => k.Preprocessor.Run(new ImageView(data, w, h, format, stride), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(span), o, batchIndex),
            _ => k.Preprocessor.Run(new ImageView(data, w, h, format, stride), span, o, batchIndex),
        }));
        Assert.Equal(te, ta);
        int at = expected.AsSpan().SequenceCompareTo(actual) == 0 ? -1 : FirstDifference(expected, actual);
        Assert.True(at < 0, $"{kind} {format} {w}x{h} {options} {type}: first differing byte {at} of {expected.Length}");
    }

    private delegate ImageTransform Runner(TensorElementType type, Span<byte> tensor);

    /// <summary>A tensor pre-filled with a marker (so a batch item the kernel must not touch is checked), run, as bytes.</summary>
    private static (byte[], ImageTransform) Run(TensorElementType type, int elements, Runner run)
    {
        int size = type == TensorElementType.Float32 ? 4 : type == TensorElementType.Float16 ? 2 : 1;
        var bytes = new byte[elements * size];
        Array.Fill(bytes, (byte)0xA5);
        ImageTransform t = run(type, bytes);
        return (bytes, t);
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }
        return -1;
    }
}
