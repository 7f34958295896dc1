using System.Text.Json;
using Onboard.Hil.Scenes;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Commands;

/// <summary>
/// <c>onboard detect</c>'s inputs, run as the real executable: PNG/JPEG decoded in-process by OpenCV, one raw
/// frame (<c>--format --width --height [--stride]</c>, what the arm64 suite uses where OpenCV has no native
/// build), and the clear exit-2 errors for files that are neither.
/// </summary>
public sealed class DetectCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private int _images;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Detect_RawBgrFrameWithPaddedStride_GivesTheSameDetectionsAsThePngOfItsPixels()
    {
        string model = SyntheticModel();
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 33 }).Generate(4);
        string png = ScenePng(scene);
        const int Padding = 13;
        int stride = (3 * scene.Width) + Padding;
        var raw = new byte[stride * scene.Height];
        new Random(5).NextBytes(raw); // the padding is noise: it must not be read
        for (int y = 0; y < scene.Height; y++)
        {
            scene.Pixels.AsSpan(y * 3 * scene.Width, 3 * scene.Width).CopyTo(raw.AsSpan(y * stride));
        }
        string frame = _dir.File("scene.raw");
        File.WriteAllBytes(frame, raw);

        using var fromPng = OnboardCli.Json("detect", "--model", model, png, "--providers", "cpu", "--json");
        using var fromRaw = OnboardCli.Json("detect", "--model", model, frame, "--format", "bgr24", "--width", Invariant(scene.Width),
            "--height", Invariant(scene.Height), "--stride", Invariant(stride), "--providers", "cpu", "--json");
        JsonElement expected = fromPng.RootElement, actual = fromRaw.RootElement;
        Assert.True(expected.GetProperty("detections").GetArrayLength() >= scene.Truths.Count, "the PNG run should find every sign");
        Assert.Equal(expected.GetProperty("detections").GetRawText(), actual.GetProperty("detections").GetRawText());
        Assert.Equal((scene.Width, scene.Height), (actual.GetProperty("width").GetInt32(), actual.GetProperty("height").GetInt32()));
    }

    [Theory]
    [InlineData("png", "it is a truncated PNG: chunk 'IDAT' at byte offset")]
    [InlineData("jpg", "it is a truncated JPEG: it ends at byte offset")]
    [InlineData("txt", "it is not a PNG or JPEG image (it starts with 6F 6E 62 6F 61 72 64 0A)")]
    public void Detect_TruncatedOrNonImageFile_ExitsTwoNamingTheFile(string kind, string reason)
    {
        string model = SyntheticModel();
        string path = _dir.File("bad." + kind);
        if (kind == "txt")
        {
            File.WriteAllText(path, "onboard\nnot an image\n");
        }
        else
        {
            string whole = ScenePng(new SceneGenerator(new SceneOptions { Seed = 3 }).Generate(1), kind);
            byte[] bytes = File.ReadAllBytes(whole);
            File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        }
        var (code, output, error) = OnboardCli.Run("detect", "--model", model, path, "--providers", "cpu");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"detect: image '{path}' (", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_RawFrameShorterThanItsGeometry_ExitsTwoNamingTheFileAndSizes()
    {
        string model = SyntheticModel();
        string frame = _dir.File("short.nv12");
        File.WriteAllBytes(frame, new byte[(64 * 48 * 3 / 2) - 1]);
        var (code, _, error) = OnboardCli.Run("detect", "--model", model, frame, "--format", "nv12", "--width", "64", "--height", "48", "--providers", "cpu");
        Assert.Equal(2, code);
        Assert.Contains($"detect: raw frame '{frame}': buffer of 4607 bytes is shorter than a 64x48 nv12 frame with stride 64 (4608 bytes)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "bgr48", "unknown pixel format 'bgr48'")]
    [InlineData("--width", "64", "--width, --height and --stride describe a raw frame: give its --format too")]
    public void Detect_BadRawFrameOptions_ExitsTwoSayingWhichOption(string option, string value, string message)
    {
        string model = SyntheticModel();
        string frame = _dir.File("frame.raw");
        File.WriteAllBytes(frame, new byte[64 * 48 * 3]);
        string[] geometry = option == "--format" ? ["--width", "64", "--height", "48"] : [];
        var (code, _, error) = OnboardCli.Run(["detect", "--model", model, frame, option, value, .. geometry, "--providers", "cpu"]);
        Assert.Equal(2, code);
        Assert.Contains("detect: " + message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_WhereOpenCvsNativeLibraryDoesNotLoad_ImagesFailClearlyAndRawFramesStillRun()
    {
        // What linux-arm64 sees (no OpenCvSharp native build), reproduced here: the same build with the
        // library replaced by a file that is not one.
        string app = _dir.File("app");
        LinkTree(AppContext.BaseDirectory, app);
        string library = Path.Combine(app, "runtimes", "linux-x64", "native", "libOpenCvSharpExtern.so");
        Assert.True(File.Exists(library), "the test output should carry OpenCvSharp's native library");
        File.Delete(library);
        File.WriteAllText(library, "not a shared library");
        string model = SyntheticModel();
        Scene scene = new SceneGenerator(new SceneOptions { Seed = 8 }).Generate(2);
        string png = ScenePng(scene);
        string frame = _dir.File("scene.bgr");
        File.WriteAllBytes(frame, scene.Pixels);

        using var onboard = OnboardCli.StartFrom(app, "detect", "--model", model, png, "--providers", "cpu");
        Assert.Null(onboard.ReadLine(TimeSpan.FromSeconds(120)));
        Assert.True(onboard.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, onboard.ExitCode);
        Assert.Contains("detect: PNG/JPEG codecs need OpenCvSharp's native runtime (libOpenCvSharpExtern.so from OpenCvSharp4.official.runtime.linux-x64), "
            + "which is served for linux-x64 only; on this linux-x64 machine it did not load: ", onboard.StandardError, StringComparison.Ordinal);
        Assert.Contains("give it a raw frame instead (--format FMT --width W --height H)", onboard.StandardError, StringComparison.Ordinal);

        using var raw = OnboardCli.StartFrom(app, "detect", "--model", model, frame, "--format", "bgr24",
            "--width", Invariant(scene.Width), "--height", Invariant(scene.Height), "--providers", "cpu", "--json");
        var lines = new List<string>();
        while (raw.ReadLine(TimeSpan.FromSeconds(120)) is { } line)
        {
            lines.Add(line);
        }
        Assert.True(raw.WaitForExit(TimeSpan.FromSeconds(60)) && raw.ExitCode == 0, raw.StandardError);
        using var json = JsonDocument.Parse(string.Join('\n', lines));
        Assert.True(json.RootElement.GetProperty("detections").GetArrayLength() >= scene.Truths.Count);
    }

    private string SyntheticModel()
    {
        string model = _dir.File("signs.onnx");
        if (!File.Exists(model))
        {
            Assert.Equal(0, OnboardCli.Run("model", "build", "synthetic", "--output", model).ExitCode);
        }
        return model;
    }

    /// <summary>The scene's BGR pixels as a PNG (lossless) or JPEG, encoded by ffmpeg: an encoder independent of ours.</summary>
    private string ScenePng(Scene scene, string extension = "png")
    {
        string raw = _dir.File($"scene{_images++}.bgr");
        File.WriteAllBytes(raw, scene.Pixels);
        string image = Path.ChangeExtension(raw, extension);
        using var ffmpeg = new PeerProcess("ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{scene.Width}x{scene.Height}", "-i", raw, "-frames:v", "1", image);
        Assert.True(ffmpeg.WaitForExit(TimeSpan.FromSeconds(60)) && ffmpeg.ExitCode == 0, ffmpeg.StandardError);
        return image;
    }

    /// <summary>
    /// A copy of a folder whose large files (the ONNX Runtime natives, hundreds of MB) are symbolic links.
    /// The assemblies are real copies: the host resolves the app's own path through links, and would run the original.
    /// </summary>
    private static void LinkTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            string target = Path.Combine(to, Path.GetFileName(file));
            if (new FileInfo(file).Length > (16 << 20))
            {
                File.CreateSymbolicLink(target, file);
            }
            else
            {
                File.Copy(file, target);
            }
        }
        foreach (string dir in Directory.GetDirectories(from))
        {
            LinkTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
