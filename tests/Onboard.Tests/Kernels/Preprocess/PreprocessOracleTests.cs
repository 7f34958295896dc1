using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// The fused kernel and the scalar OpenCV-ordered reference against OpenCV itself: cvtColor → (ROI) → resize →
/// copyMakeBorder(114) / centre window, byte for byte. Written once, over an oracle, and run per OpenCV
/// version (<see cref="PreprocessOracleOpenCv46Tests"/>, <see cref="PreprocessOracleOpenCv413Tests"/>), so
/// both versions see exactly the same cases: every format, mode, size and stride below.
/// </summary>
public abstract class PreprocessOracleTests
{
    private static readonly (int W, int H, int ExtraStride)[] s_sources =
    [
        (1, 1, 0), (7, 5, 3), (33, 17, 0), (64, 48, 17), (641, 479, 5),
    ];

    private static readonly (int W, int H)[] s_targets = [(64, 48), (37, 29), (1, 1), (96, 96)];

    public static TheoryData<PixelFormat> Formats() => new(TestFrames.AllFormats);

    /// <summary>A fresh oracle of this class's OpenCV version.</summary>
    protected abstract IPreprocessOracle CreateOracle();

    [Theory]
    [MemberData(nameof(Formats))]
    public void Run_EveryModeAndSize_MatchesOpenCvByteForByte(PixelFormat format)
    {
        using IPreprocessOracle oracle = CreateOracle();
        var runs = new List<(byte[] Frame, int W, int H, int Stride, PreprocessOptions Options)>();
        int seed = 100 * (int)format;
        foreach ((int w0, int h0, int extra) in s_sources)
        {
            (int w, int h) = TestFrames.Fit(format, w0, h0);
            byte[] frame = TestFrames.Random(format, w, h, extra, seed++, out int stride);
            int t = 0;
            foreach (GeometryMode mode in Enum.GetValues<GeometryMode>())
            {
                (int tw, int th) = s_targets[t++ % s_targets.Length];
                var options = new PreprocessOptions(tw, th) { Mode = mode, Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc };
                runs.Add((frame, w, h, stride, options));
                oracle.Add(frame, format, w, h, stride, options);
            }
            // Area (whole-factor box and upscale) and nearest, through this format's row reader.
            if (w == 64)
            {
                foreach ((int tw, int th, Interpolation i) in new[] { (16, 12, Interpolation.Area), (100, 70, Interpolation.Area), (23, 17, Interpolation.Nearest) })
                {
                    var options = new PreprocessOptions(tw, th) { Mode = GeometryMode.Stretch, Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc, Interpolation = i };
                    runs.Add((frame, w, h, stride, options));
                    oracle.Add(frame, format, w, h, stride, options);
                }
            }
            // An arbitrary ROI at odd coordinates (chroma pairs split), letterboxed.
            if (w >= 5 && h >= 5)
            {
                var roi = new PixelRect(1, 3, w - 2 - (w / 3), h - 4);
                var options = new PreprocessOptions(40, 40) { Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc, SourceRegion = roi, PadValue = 7 };
                runs.Add((frame, w, h, stride, options));
                oracle.Add(frame, format, w, h, stride, options);
            }
        }
        AssertAllMatch(oracle, runs, format);
    }

    [Fact]
    public void Run_FourKFramesToYoloInput_MatchOpenCv()
    {
        using IPreprocessOracle oracle = CreateOracle();
        var runs = new List<(byte[] Frame, int W, int H, int Stride, PreprocessOptions Options, PixelFormat Format)>();
        var options = new PreprocessOptions(640, 640) { Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc };
        foreach (PixelFormat format in new[] { PixelFormat.Nv12, PixelFormat.Bgr24 })
        {
            byte[] frame = TestFrames.Random(format, 3840, 2160, 64, 7, out int stride);
            runs.Add((frame, 3840, 2160, stride, options, format));
            oracle.Add(frame, format, 3840, 2160, stride, options);
        }
        byte[][] expected = oracle.Run();
        using var pre = new FramePreprocessor(2);
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var actual = new byte[3 * 640 * 640];
            pre.Run(new ImageView(r.Frame, r.W, r.H, r.Format, r.Stride), actual, r.Options);
            AssertSame(expected[i], actual, $"{oracle.Name}: {r.Format} 4K");
        }
    }

    [Fact]
    public void Run_InterpolationsAndSpecialScales_MatchOpenCv()
    {
        using IPreprocessOracle oracle = CreateOracle();
        var runs = new List<(byte[] Frame, int W, int H, int Stride, PreprocessOptions Options)>();
        (int W, int H, int TW, int TH, Interpolation I)[] cases =
        [
            (1280, 720, 640, 360, Interpolation.Linear),  // exact 2x: OpenCV takes its INTER_AREA code
            (1920, 1080, 640, 360, Interpolation.Linear), // exact 3x: every weight 0 or 1
            (320, 240, 640, 480, Interpolation.Linear),   // upscale
            (101, 77, 640, 480, Interpolation.Linear),
            (101, 77, 64, 48, Interpolation.Nearest),
            (101, 77, 300, 211, Interpolation.Nearest),
            (64, 48, 200, 150, Interpolation.Area),       // upscale: bilinear with area weights
            (128, 96, 64, 48, Interpolation.Area),        // exact 2x box
            (64, 48, 96, 32, Interpolation.Area),         // one axis up, one down
            (50, 50, 50, 50, Interpolation.Area),
            (1920, 1080, 640, 360, Interpolation.Area),   // 3x box: float 1/9, half to even
            (64, 48, 16, 12, Interpolation.Area),         // 4x box
            (60, 40, 20, 20, Interpolation.Area),         // 3x by 2x box (not the 2x2 special case)
        ];
        int seed = 1;
        foreach (var c in cases)
        {
            byte[] frame = TestFrames.Random(PixelFormat.Bgr24, c.W, c.H, 0, seed++, out int stride);
            var options = new PreprocessOptions(c.TW, c.TH) { Mode = GeometryMode.Stretch, Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc, Interpolation = c.I };
            runs.Add((frame, c.W, c.H, stride, options));
            oracle.Add(frame, PixelFormat.Bgr24, c.W, c.H, stride, options);
        }
        AssertAllMatch(oracle, runs, PixelFormat.Bgr24);
    }

    private static void AssertAllMatch(IPreprocessOracle oracle, List<(byte[] Frame, int W, int H, int Stride, PreprocessOptions Options)> runs, PixelFormat format)
    {
        byte[][] expected = oracle.Run();
        using var pre = new FramePreprocessor(1);
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var view = new ImageView(r.Frame, r.W, r.H, format, r.Stride);
            string what = $"{oracle.Name}: {format} {r.W}x{r.H} stride {r.Stride} → {r.Options.Width}x{r.Options.Height} {r.Options.Mode} {r.Options.Interpolation} roi {r.Options.SourceRegion}";
            var fused = new byte[3 * r.Options.Width * r.Options.Height];
            pre.Run(view, fused, r.Options);
            AssertSame(expected[i], fused, "fused " + what);
            byte[] ordered = OpenCvReference.Run(view, r.Options, out _);
            AssertSame(expected[i], ordered, "ordered reference " + what);
        }
    }

    internal static void AssertSame(byte[] expected, byte[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int maxDiff = 0;
        int first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            int d = Math.Abs(expected[i] - actual[i]);
            if (d > 0 && first < 0)
            {
                first = i;
            }
            maxDiff = Math.Max(maxDiff, d);
        }
        Assert.True(first < 0, $"{what}: first difference at byte {first} (pixel {first / 3}, channel {first % 3}): expected {(first >= 0 ? expected[first] : 0)}, got {(first >= 0 ? actual[first] : 0)}; max difference {maxDiff}");
    }
}
