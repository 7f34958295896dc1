using System.Globalization;
using Onboard.Kernels.Imaging;
using Onboard.Tests.Kernels.Preprocess;

namespace Onboard.Tests.Arm64;

/// <summary>
/// <c>onboard preprocess</c> lines for the arm64 parity batch: every pixel format × letterbox/stretch/crop, each
/// once at an odd small size (scalar tails, upscaling, 1×1, padded strides) and once at camera size 1280×720
/// (the 128-bit main loops), with f32/f16/u8, NCHW/NHWC and RGB/BGR rotating through them so every value of each
/// meets every format; then the rarer options: nearest and area interpolation, an ROI, two band threads,
/// mean/std, another pad value. Frames are seeded noise, row padding included.
/// </summary>
internal static class PreprocessParityCases
{
    private static readonly (int W, int H)[] s_smallSources = [(37, 23), (1, 1), (97, 61), (23, 41), (161, 91), (5, 3)];
    private static readonly (int W, int H)[] s_smallTargets = [(64, 48), (33, 17), (48, 64), (96, 96), (16, 16), (41, 29)];
    private static readonly (int W, int H)[] s_cameraTargets = [(320, 320), (320, 192), (256, 320)];
    private static readonly int[] s_extraStrides = [0, 3, 7, 16];
    private static readonly string[] s_dtypes = ["f32", "f16", "u8"];
    private static readonly string[] s_modes = ["letterbox", "stretch", "crop"];

    /// <summary>Writes each case's frame into <paramref name="inputs"/> and returns the cases.</summary>
    public static List<ParityCase> Write(string inputs)
    {
        var cases = new List<ParityCase>();
        var cameraFrames = new Dictionary<PixelFormat, (string Path, int Stride)>();
        int k = 0;
        foreach (PixelFormat format in TestFrames.AllFormats)
        {
            foreach (string mode in s_modes)
            {
                (int w, int h) = TestFrames.Fit(format, s_smallSources[k % 6].W, s_smallSources[k % 6].H);
                (int tw, int th) = s_smallTargets[(5 * k) % 6];
                string frame = Frame(inputs, $"small-{k}", format, w, h, s_extraStrides[k % 4], seed: 100 + k, out int stride);
                cases.Add(Case(k, "small", format, w, h, stride, frame, mode, tw, th,
                    s_dtypes[k % 3], k % 2 == 0 ? "nchw" : "nhwc", (k / 2) % 2 == 0 ? "rgb" : "bgr", ""));

                if (!cameraFrames.TryGetValue(format, out var camera))
                {
                    // One camera frame per format, shared by its three modes; every other format has padded rows.
                    int extra = (int)format % 2 == 0 ? 0 : 64;
                    camera.Path = Frame(inputs, $"camera-{PixelFormatInfo.Name(format)}", format, 1280, 720, extra, seed: 7 + (int)format, out camera.Stride);
                    cameraFrames[format] = camera;
                }
                (int cw, int ch) = s_cameraTargets[k % 3];
                cases.Add(Case(k, "camera", format, 1280, 720, camera.Stride, camera.Path, mode, cw, ch,
                    s_dtypes[(k + 1) % 3], k % 2 == 0 ? "nhwc" : "nchw", (k / 3) % 2 == 0 ? "bgr" : "rgb", ""));
                k++;
            }
        }

        // The rarer options, on the formats a camera delivers.
        (PixelFormat Format, int W, int H, string Mode, int Tw, int Th, string Dtype, string Extra)[] extras =
        [
            (PixelFormat.Nv12, 1280, 720, "letterbox", 320, 320, "u8", "--interpolation nearest"),
            (PixelFormat.Bgr24, 333, 171, "stretch", 160, 96, "f32", "--interpolation nearest"),
            (PixelFormat.Bgr24, 1280, 720, "stretch", 320, 180, "u8", "--interpolation area"),
            (PixelFormat.Yuyv, 320, 192, "letterbox", 160, 96, "f32", "--interpolation area"),
            (PixelFormat.I420, 1280, 720, "letterbox", 320, 320, "f16", "--roi 101,37,640,480"),
            (PixelFormat.Bgra32, 1280, 720, "letterbox", 320, 320, "f32", "--threads 2"),
            (PixelFormat.Nv21, 641, 479, "crop", 224, 224, "f32", "--mean 0.485,0.456,0.406 --std 0.229,0.224,0.225"),
            (PixelFormat.Rgb24, 639, 481, "letterbox", 256, 256, "u8", "--pad 0 --scale 1"),
        ];
        foreach (var e in extras)
        {
            (int w, int h) = TestFrames.Fit(e.Format, e.W, e.H);
            string frame = Frame(inputs, $"extra-{k}", e.Format, w, h, s_extraStrides[k % 4], seed: 100 + k, out int stride);
            cases.Add(Case(k, "option", e.Format, w, h, stride, frame, e.Mode, e.Tw, e.Th, e.Dtype, "nchw", "rgb", e.Extra));
            k++;
        }
        return cases;
    }

    private static string Frame(string inputs, string name, PixelFormat format, int w, int h, int extraStride, int seed, out int stride)
    {
        byte[] data = TestFrames.Random(format, w, h, extraStride, seed, out stride);
        string path = Path.Combine(inputs, name + ".raw");
        File.WriteAllBytes(path, data);
        return path;
    }

    private static ParityCase Case(int k, string kind, PixelFormat format, int w, int h, int stride, string frame, string mode,
        int tw, int th, string dtype, string layout, string order, string extra)
    {
        string f = PixelFormatInfo.Name(format);
        string output = $"pre-{kind}-{k}.bin";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"preprocess --input {frame} --format {f} --width {w} --height {h} --stride {stride} --size {tw}x{th} --mode {mode} " +
            $"--dtype {dtype} --layout {layout} --order {order} {extra} --output {ParityCase.OutToken}/{output}");
        return new ParityCase("preprocess", $"{f} {w}x{h} stride {stride} → {tw}x{th} {mode} {dtype} {layout} {order} {extra}".TrimEnd(), line, output);
    }
}
