using System.Globalization;
using System.Text.Json;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>The <c>onboard preprocess</c> contract, run as a real process, against OpenCV.</summary>
public sealed class PreprocessCommandTests
{
    private static (string Stdout, string Stderr, int Exit) RunCli(params string[] args)
    {
        using var cli = OnboardCli.Start(["preprocess", .. args]);
        Assert.True(cli.WaitForExit(TimeSpan.FromSeconds(60)), "onboard preprocess did not finish");
        string stdout = string.Empty;
        while (cli.ReadLine(TimeSpan.FromSeconds(1)) is string line)
        {
            stdout += line;
        }
        return (stdout, cli.StandardError, cli.ExitCode);
    }

    [Theory]
    [InlineData(PixelFormat.Nv12, 1280, 720, 0)]
    [InlineData(PixelFormat.Bgr24, 1281, 717, 11)]
    [InlineData(PixelFormat.Uyvy, 640, 480, 4)]
    public void Preprocess_U8NhwcBgrScale1_FileEqualsOpenCvLetterbox(PixelFormat format, int w, int h, int extraStride)
    {
        using var dir = new TempDirectory();
        byte[] frame = TestFrames.Random(format, w, h, extraStride, w + h, out int stride);
        string input = dir.File("frame.raw");
        File.WriteAllBytes(input, frame);
        using var oracle = new OpenCvOracle();
        oracle.Add(frame, format, w, h, stride, new PreprocessOptions(640, 640));
        byte[] expected = oracle.Run()[0];

        (string stdout, string stderr, int exit) = RunCli(
            "--input", input, "--format", PixelFormatInfo.Name(format), "--width", $"{w}", "--height", $"{h}", "--stride", $"{stride}",
            "--size", "640x640", "--mode", "letterbox", "--pad", "114", "--order", "bgr", "--scale", "1",
            "--dtype", "u8", "--layout", "nhwc", "--threads", "2", "--output", dir.File("tensor.raw"));
        Assert.True(exit == 0, stderr);
        PreprocessOracleTests.AssertSame(expected, File.ReadAllBytes(dir.File("tensor.raw")), $"cli {format}");

        using JsonDocument json = JsonDocument.Parse(stdout);
        double r = Math.Min(640.0 / h, 640.0 / w);
        int newW = (int)Math.Round(w * r, MidpointRounding.ToEven);
        int newH = (int)Math.Round(h * r, MidpointRounding.ToEven);
        Assert.Equal(r, json.RootElement.GetProperty("scale").GetDouble());
        Assert.Equal((int)Math.Round((640 - newW) / 2.0 - 0.1, MidpointRounding.ToEven), json.RootElement.GetProperty("pad_left").GetInt32());
        Assert.Equal((int)Math.Round((640 - newH) / 2.0 - 0.1, MidpointRounding.ToEven), json.RootElement.GetProperty("pad_top").GetInt32());
        Assert.Equal(newW, json.RootElement.GetProperty("resized_width").GetInt32());
        Assert.Equal(newH, json.RootElement.GetProperty("resized_height").GetInt32());
    }

    [Fact]
    public void Preprocess_F32NchwWithMeanStd_FileIsLittleEndianNormalisedTensor()
    {
        using var dir = new TempDirectory();
        byte[] frame = TestFrames.Random(PixelFormat.I420, 320, 240, 0, 9, out int stride);
        File.WriteAllBytes(dir.File("frame.raw"), frame);
        string[] common = ["--input", dir.File("frame.raw"), "--format", "i420", "--width", "320", "--height", "240", "--size", "160x128", "--mode", "crop"];
        Assert.Equal(0, RunCli([.. common, "--dtype", "u8", "--output", dir.File("u8.raw")]).Exit);
        (_, string stderr, int exit) = RunCli([.. common, "--scale", "0.00392156862745098", "--mean", "0.5,0.25,0", "--std", "0.5,2,1", "--output", dir.File("f32.raw")]);
        Assert.True(exit == 0, stderr);
        byte[] u8 = File.ReadAllBytes(dir.File("u8.raw"));
        byte[] f32 = File.ReadAllBytes(dir.File("f32.raw"));
        Assert.Equal(4 * u8.Length, f32.Length);
        float[] mean = [0.5f, 0.25f, 0f];
        float[] std = [0.5f, 2f, 1f];
        for (int i = 0; i < u8.Length; i++)
        {
            int c = i / (160 * 128);
            float expected = (u8[i] * 0.003921569f - mean[c]) / std[c];
            float actual = BitConverter.ToSingle(f32, 4 * i);
            Assert.True(Math.Abs(expected - actual) < 1e-5, string.Create(CultureInfo.InvariantCulture, $"element {i}: {actual} vs {expected}"));
        }
    }

    [Fact]
    public void Preprocess_OddNv12Width_ExitsNonZeroWithReason()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("frame.raw"), new byte[33 * 20 * 2]);
        (_, string stderr, int exit) = RunCli("--input", dir.File("frame.raw"), "--format", "nv12", "--width", "33", "--height", "20",
            "--size", "64x64", "--output", dir.File("t.raw"));
        Assert.Equal(2, exit);
        Assert.Contains("nv12 needs even width and height", stderr, StringComparison.Ordinal);
    }
}
