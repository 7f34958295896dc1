using System.Runtime.InteropServices;
using System.Text.Json;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Runtime.Imaging;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Preprocess;

namespace Onboard.Tests.Imaging;

/// <summary>
/// <see cref="ImageCodec"/> (OpenCV 4.13 in-process) against Debian's OpenCV 4.6 (<c>Peers/image_codec.py</c>):
/// the same files decode to the same pixels; bad files fail with the file's name and what is wrong.
/// </summary>
public sealed class ImageCodecTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void DecodeFile_ImagesWrittenByPythonOpenCv_EqualCv2ImdecodeByteForByte()
    {
        // Measured: every image, PNG and JPEG (baseline 4:2:0, progressive, grey), 0 LSB — OpenCvSharp's
        // libjpeg-turbo and Debian's decode with the same integer IDCT and fancy upsampling.
        int checkedImages = 0;
        foreach ((string name, int width, int height) in WritePeerImages())
        {
            ImageBuffer ours = ImageCodec.DecodeFile(_dir.File(name));
            Assert.Equal((width, height, PixelFormat.Bgr24), (ours.Width, ours.Height, ours.Format));
            PreprocessOracleTests.AssertSame(File.ReadAllBytes(_dir.File(name + ".bgr")), ours.Data, $"{name} (ImageCodec vs cv2.imdecode)");
            checkedImages++;
        }
        Assert.Equal(8, checkedImages);
    }

    [Theory]
    [InlineData("color.png", "it is a truncated PNG: chunk 'IDAT' at byte offset")]
    [InlineData("color.jpg", "it is a truncated JPEG: it ends at byte offset")]
    public void DecodeFile_TruncatedFile_ThrowsNamingTheFileAndWhereItEnds(string name, string reason)
    {
        WritePeerImages();
        byte[] whole = File.ReadAllBytes(_dir.File(name));
        string cut = _dir.File("cut-" + name);
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.DecodeFile(cut));
        Assert.StartsWith($"image '{cut}' ({whole.Length / 2} bytes) could not be decoded: {reason}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeFile_PngWithGarbledPixelData_ThrowsCorrupt()
    {
        WritePeerImages();
        byte[] png = File.ReadAllBytes(_dir.File("color.png"));
        // The first chunk after IHDR is IDAT (OpenCV writes no others): garble its zlib stream, keep the structure.
        png.AsSpan(33 + 8 + 2, 64).Fill(0xA5);
        string path = _dir.File("garbled.png");
        File.WriteAllBytes(path, png);
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.DecodeFile(path));
        Assert.Contains($"image '{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("it is a corrupt PNG: its chunks run complete to IEND", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.txt", "hello, world\n", "it is not a PNG or JPEG image (it starts with 68 65 6C 6C 6F 2C 20 77)")]
    [InlineData("empty.png", "", "is empty (0 bytes)")]
    public void DecodeFile_NotAnImage_ThrowsNamingTheFile(string name, string content, string reason)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, content);
        var e = Assert.Throws<InvalidDataException>(() => ImageCodec.DecodeFile(path));
        Assert.Contains($"image '{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeFile_Missing_ThrowsFileNotFound()
    {
        var e = Assert.Throws<FileNotFoundException>(() => ImageCodec.DecodeFile(_dir.File("nowhere.png")));
        Assert.Contains("nowhere.png' not found", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<PixelFormat> Formats() => new(TestFrames.AllFormats);

    [Theory]
    [MemberData(nameof(Formats))]
    public void EncodeJpeg_AnyFormatAndStride_EqualsEncodingTheKernelsBgrOfIt(PixelFormat format)
    {
        // The kernels' colour conversion equals OpenCV's cvtColor byte for byte (the oracle tests), so the
        // JPEG of a frame in any format must be the JPEG of its BGR24 conversion, byte for byte.
        (int w, int h) = TestFrames.Fit(format, 97, 61);
        byte[] frame = TestFrames.Random(format, w, h, 6, 40 + (int)format, out int stride);
        var view = new ImageView(frame, w, h, format, stride);
        var bgr = new byte[3 * w * h];
        using (var pre = new FramePreprocessor(1))
        {
            pre.Run(view, bgr, new PreprocessOptions(w, h) { Mode = GeometryMode.Stretch, Order = ChannelOrder.Bgr, Layout = TensorLayout.Nhwc });
        }
        byte[] expected = format == PixelFormat.Gray8
            ? ImageCodec.EncodeJpeg(new ImageView(Packed(frame, w, h, stride), w, h, PixelFormat.Gray8), 90)
            : ImageCodec.EncodeJpeg(new ImageView(bgr, w, h, PixelFormat.Bgr24), 90);
        Assert.Equal(expected, ImageCodec.EncodeJpeg(view, 90));
    }

    [Fact]
    public void EncodeJpeg_Quality_DecodesCloseToTheFrameAndPythonOpenCvReadsTheSamePixels()
    {
        WritePeerImages();
        ImageBuffer source = ImageCodec.DecodeFile(_dir.File("big.jpg"));
        long previousSize = long.MaxValue;
        foreach (int quality in new[] { 95, 75, 40 })
        {
            byte[] jpeg = ImageCodec.EncodeJpeg(source.View, quality);
            Assert.True(jpeg.Length < previousSize, $"quality {quality}: {jpeg.Length} bytes, not smaller than at the quality above");
            previousSize = jpeg.Length;
            string path = _dir.File($"q{quality}.jpg");
            File.WriteAllBytes(path, jpeg);
            ImageBuffer ours = ImageCodec.DecodeFile(path);
            double psnr = Psnr(source.Data, ours.Data);
            Assert.True(psnr > (quality >= 75 ? 32 : 28), $"quality {quality}: PSNR {psnr:0.0} dB");
            using var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("image_codec.py"), "decode", path, path + ".bgr");
            Assert.True(peer.ReadLine(TimeSpan.FromSeconds(60)) is not null, peer.StandardError);
            PreprocessOracleTests.AssertSame(File.ReadAllBytes(path + ".bgr"), ours.Data, $"our quality {quality} JPEG decoded by cv2.imdecode vs ImageCodec");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void EncodeJpeg_QualityOutOfRange_Throws(int quality)
    {
        var frame = new byte[3 * 4 * 4];
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageCodec.EncodeJpeg(new ImageView(frame, 4, 4, PixelFormat.Bgr24), quality));
    }

    [Fact]
    public void UnavailableMessage_OnArm64_SaysTheNativeRuntimeIsServedForLinuxX64Only()
    {
        string message = ImageCodec.UnavailableMessage("linux-arm64", Architecture.Arm64, "Unable to load shared library 'OpenCvSharpExtern'");
        Assert.Equal("PNG/JPEG codecs need OpenCvSharp's native runtime (libOpenCvSharpExtern.so from OpenCvSharp4.official.runtime.linux-x64), "
            + "which is served for linux-x64 only; this process runs on linux-arm64", message);
    }

    [Fact]
    public void UnavailableMessage_OnX64_NamesWhatFailedToLoad()
    {
        const string LoaderError = "Unable to load shared library 'OpenCvSharpExtern' or one of its dependencies.\n"
            + "/app/runtimes/linux-x64/native/libOpenCvSharpExtern.so: libgtk-3.so.0: cannot open shared object file: No such file or directory\n"
            + "/usr/lib/libOpenCvSharpExtern: cannot open shared object file";
        string message = ImageCodec.UnavailableMessage("linux-x64", Architecture.X64, LoaderError);
        Assert.EndsWith("on this linux-x64 machine it did not load: /app/runtimes/linux-x64/native/libOpenCvSharpExtern.so: libgtk-3.so.0: cannot open shared object file: No such file or directory", message, StringComparison.Ordinal);
        Assert.True(ImageCodec.IsAvailable, "OpenCV's native library should load on this linux-x64 test machine");
        Assert.Equal("4.13.0", ImageCodec.OpenCvVersion);
    }

    /// <summary>Has the Python peer write the test images (and its decodes of them) into the temp folder.</summary>
    private List<(string Name, int Width, int Height)> WritePeerImages()
    {
        using var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("image_codec.py"), "write", _dir.Path);
        var images = new List<(string, int, int)>();
        while (peer.ReadLine(TimeSpan.FromSeconds(60)) is { } line && !line.StartsWith("done", StringComparison.Ordinal))
        {
            using var json = JsonDocument.Parse(line);
            JsonElement r = json.RootElement;
            images.Add((r.GetProperty("name").GetString()!, r.GetProperty("width").GetInt32(), r.GetProperty("height").GetInt32()));
        }
        Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(30)) && peer.ExitCode == 0 && images.Count > 0, peer.StandardError);
        return images;
    }

    private static byte[] Packed(byte[] frame, int w, int h, int stride)
    {
        var packed = new byte[w * h];
        for (int y = 0; y < h; y++)
        {
            frame.AsSpan(y * stride, w).CopyTo(packed.AsSpan(y * w));
        }
        return packed;
    }

    private static double Psnr(byte[] a, byte[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return 10 * Math.Log10(255.0 * 255.0 / (sum / a.Length));
    }
}
