using System.Globalization;
using Onboard.Hil.Scenes;

namespace Onboard.Tests.Arm64;

/// <summary>
/// The model and <c>onboard detect</c> lines of the arm64 parity batch. Each architecture builds the synthetic
/// sign detector itself (<c>onboard model build synthetic</c>: the two files must be identical); both then detect
/// with the x64-built one on HIL scene frames written as raw files, packed BGR24 and BGRA32 with padded rows.
/// <para>
/// The detect lines use the raw-frame contract of <c>onboard detect</c>
/// (<c>--model PATH FILE --format FMT --width W --height H [--stride BYTES] [--json]</c>), which arrives with the
/// OpenCV-decode change on main: arm64 has no OpenCV native build, so raw frames are its only image input.
/// </para>
/// </summary>
internal static class DetectParityCases
{
    public const string ModelFile = "signs.onnx";
    private const int Width = 1280;
    private const int Height = 720;

    /// <summary>The line that builds the model into the architecture's own output folder.</summary>
    public static ParityCase BuildModel() =>
        new("model", "model build synthetic", $"model build synthetic --output {ParityCase.OutToken}/{ModelFile} --manifest", ModelFile);

    /// <summary>Writes the frames into <paramref name="inputs"/>; <paramref name="model"/> is the model both detect with.</summary>
    public static List<ParityCase> Write(string inputs, string model)
    {
        var cases = new List<ParityCase>();
        var scenes = new SceneGenerator(new SceneOptions { Width = Width, Height = Height, Seed = 11 });
        for (int i = 0; i < 3; i++)
        {
            Scene scene = scenes.Generate(i);
            string format = i == 2 ? "bgra32" : "bgr24";
            int stride = i == 2 ? (Width * 4) + 64 : Width * 3;
            string path = Path.Combine(inputs, $"scene-{i}.{format}");
            File.WriteAllBytes(path, i == 2 ? Bgra(scene.Pixels, stride) : scene.Pixels);
            cases.Add(new ParityCase("detect", $"scene {i} {format} stride {stride} ({scene.Truths.Count} signs)",
                string.Create(CultureInfo.InvariantCulture,
                    $"detect --model {model} {path} --format {format} --width {Width} --height {Height} --stride {stride} --json --providers cpu")));
        }
        return cases;
    }

    /// <summary>BGR24 → BGRA32 rows of <paramref name="stride"/> bytes; alpha and the row padding are noise.</summary>
    private static byte[] Bgra(byte[] bgr, int stride)
    {
        var random = new Random(5);
        var bgra = new byte[stride * Height];
        random.NextBytes(bgra);
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int s = (y * Width + x) * 3;
                int d = (y * stride) + (x * 4);
                (bgra[d], bgra[d + 1], bgra[d + 2]) = (bgr[s], bgr[s + 1], bgr[s + 2]);
            }
        }
        return bgra;
    }
}
