using System.Diagnostics;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Imaging;

/// <summary>The pixel-format table: one row per enum member, in order, and its facts agree with ffmpeg and OpenCV.</summary>
public sealed class PixelFormatTableTests
{
    [Fact]
    public void Table_EveryMember_HasItsRowAtItsValue()
    {
        PixelFormat[] members = Enum.GetValues<PixelFormat>();
        Assert.Equal(members.Length, PixelFormatInfo.Count);
        for (int i = 0; i < members.Length; i++)
        {
            Assert.Equal(i, (int)members[i]);
            Assert.Equal(members[i], PixelFormatInfo.All[i].Format);
            Assert.Equal(members[i], PixelFormatInfo.Parse(PixelFormatInfo.Name(members[i]).ToUpperInvariant()));
        }
        Assert.False(PixelFormatInfo.IsDefined((PixelFormat)PixelFormatInfo.Count));
    }

    [Fact]
    public void FrameGeometry_ValueJustPastTheTable_IsUnknownFormat()
    {
        Assert.Equal(FrameRejectReason.UnknownFormat, FrameGeometry.Check((PixelFormat)PixelFormatInfo.Count, 64, 48, 256, long.MaxValue, out _));
        Assert.Null(FrameGeometry.Check((PixelFormat)(PixelFormatInfo.Count - 1), 64, 48, 256, long.MaxValue, out _));
    }

    [Fact]
    public void OpenCvCodes_EqualDebianOpenCvsConstants()
    {
        string names = string.Join(",", PixelFormatInfo.All.Select(f => f.Name));
        var start = new ProcessStartInfo(PeerProcess.Python)
        {
            ArgumentList =
            {
                "-c",
                "import cv2,sys\n" +
                "m={'bgr24':0,'rgb24':cv2.COLOR_RGB2BGR,'bgra32':cv2.COLOR_BGRA2BGR,'rgba32':cv2.COLOR_RGBA2BGR,'gray8':cv2.COLOR_GRAY2BGR," +
                "'nv12':cv2.COLOR_YUV2BGR_NV12,'nv21':cv2.COLOR_YUV2BGR_NV21,'i420':cv2.COLOR_YUV2BGR_I420,'yuyv':cv2.COLOR_YUV2BGR_YUYV,'uyvy':cv2.COLOR_YUV2BGR_UYVY}\n" +
                "print(','.join(str(m[n]) for n in sys.argv[1].split(',')))",
                names,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd().Trim();
        python.WaitForExit();

        Assert.True(python.ExitCode == 0, python.StandardError.ReadToEnd());
        Assert.Equal(string.Join(",", PixelFormatInfo.All.Select(f => f.OpenCvToBgr)), output);
    }

    [Fact]
    public void FfmpegNames_AreFfmpegPixelFormats()
    {
        var start = new ProcessStartInfo("ffmpeg") { ArgumentList = { "-hide_banner", "-pix_fmts" }, RedirectStandardOutput = true, RedirectStandardError = true };
        using var ffmpeg = Process.Start(start)!;
        string[] known = [.. ffmpeg.StandardOutput.ReadToEnd().Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length > 1).Select(p => p[1])];
        ffmpeg.WaitForExit();

        Assert.All(PixelFormatInfo.All, f => Assert.Contains(FfmpegFrameSource.FfmpegPixelFormat(f.Format), known));
    }

    [Theory]
    [InlineData(PixelFormat.Nv12, 33, 20, "needs even width and height")]
    [InlineData(PixelFormat.Yuyv, 33, 20, "needs an even width")]
    public void ImageViewAndFrameGeometry_OddSizes_AreRefusedByTheSameRule(PixelFormat format, int width, int height, string reason)
    {
        int stride = 2 * width;
        var e = Assert.Throws<ArgumentException>(() => new ImageView(new byte[10000], width, height, format, stride));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(FrameRejectReason.BadGeometry, FrameGeometry.Check(format, width, height, stride, long.MaxValue, out _));
    }
}
