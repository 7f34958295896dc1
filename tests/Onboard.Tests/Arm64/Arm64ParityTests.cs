using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace Onboard.Tests.Arm64;

/// <summary>
/// The linux-arm64 build (the vehicle's architecture: NEON, 128-bit vectors) against the x64 build on the same
/// inputs: preprocessing and decode+NMS byte for byte, the generated model byte for byte, detections within the
/// tolerance ONNX Runtime's float kernels allow, and what <c>onboard version</c> reports under arm64. Everything
/// runs in <see cref="Arm64ParityRun"/>, once; these tests read its results.
/// </summary>
public sealed class Arm64ParityTests(Arm64ParityRun run, ITestOutputHelper output) : IClassFixture<Arm64ParityRun>
{
    /// <summary>
    /// How far a detection's score (absolute) and box corners (source pixels) may move between ONNX Runtime's x64
    /// and arm64 CPU kernels. They do differ: MLAS has its own NEON and AVX2/AVX-512 kernels, which accumulate the
    /// convolution and pooling sums in different orders, so the floats round differently. Measured over the scene frames: largest
    /// score difference 1.6e-6, largest box difference 1.2e-4 px (one float ulp of a corner between 1024 and 2048
    /// px). The bounds are about 60× (score) and 80× (box) the measurement — room for other scenes and ORT
    /// versions — and still far below anything that matters or that a real bug produces: a hundredth of a pixel,
    /// a ten-thousandth of score, where a wrong lane, row or rounding mode moves boxes by pixels. Detections must
    /// also match one for one (count, order, class): only a score within 1e-4 of the threshold or an IoU at the
    /// NMS threshold could flip legitimately, and the scenes' signs score above 0.9.
    /// </summary>
    private const float ScoreTolerance = 1e-4f;
    private const float BoxTolerancePixels = 0.01f;

    [Fact]
    public void Preprocess_EveryFormatModeSizeStrideAndDtype_Arm64TensorBytesEqualX64()
    {
        var failures = new List<string>();
        int compared = 0;
        foreach (var (line, c) in run.OfKind("preprocess"))
        {
            var (x64, arm64) = run.Results(line);
            byte[] expected = File.ReadAllBytes(Path.Combine(run.X64Directory, c.Output!));
            byte[] actual = File.ReadAllBytes(Path.Combine(run.Arm64Directory, c.Output!));
            if (x64 != arm64)
            {
                failures.Add($"{c.Name}: transform {arm64} on arm64, {x64} on x64");
            }
            else if (Difference(expected, actual) is string d)
            {
                failures.Add($"{c.Name}: {d}");
            }
            compared++;
        }
        output.WriteLine($"{compared} preprocess cases compared; {run.Timings}");
        Assert.True(compared >= 60, $"only {compared} preprocess cases ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} preprocess cases differ on arm64:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void DecodeAndNms_RandomHeadsOfEveryLayoutAndNmsCases_Arm64OutputEqualsX64()
    {
        var failures = new List<string>();
        int compared = 0, detections = 0;
        foreach (var (line, c) in run.OfKind("decode").Concat(run.OfKind("nms")))
        {
            var (x64, arm64) = run.Results(line);
            if (x64 != arm64)
            {
                failures.Add($"{c.Kind} {c.Name}:\n  x64   {x64}\n  arm64 {arm64}");
            }
            compared++;
            detections += x64.Split("\"class_id\"").Length - 1;
        }
        output.WriteLine($"{compared} decode/nms cases compared, {detections} decoded detections; {run.Timings}");
        Assert.True(compared >= 20 && detections >= 100, $"only {compared} cases and {detections} detections");
        Assert.True(failures.Count == 0, $"{failures.Count} of {compared} decode/nms cases differ on arm64:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void ModelBuild_SyntheticSigns_Arm64WritesTheSameModelBytes()
    {
        var (line, c) = run.OfKind("model").Single();
        run.Results(line);
        byte[] x64 = File.ReadAllBytes(Path.Combine(run.X64Directory, c.Output!));
        byte[] arm64 = File.ReadAllBytes(Path.Combine(run.Arm64Directory, c.Output!));
        Assert.True(Difference(x64, arm64) is null, $"the synthetic model built on arm64 differs: {Difference(x64, arm64)}");
    }

    /// <summary>Uses the raw-frame contract of <c>onboard detect</c> (see <see cref="DetectParityCases"/>).</summary>
    [Fact]
    public void Detect_SceneFramesWithArm64OrtCpuKernels_SameDetectionsAsX64WithinTolerance()
    {
        Assert.False(run.X64Error.Contains("Unrecognized command or argument '--format'", StringComparison.Ordinal),
            "onboard detect does not take raw frames in this build: the --format/--width/--height/--stride contract this test uses comes with the change that decodes images with OpenCV");
        float maxScore = 0, maxBox = 0, minScore = 1;
        int total = 0;
        foreach (var (line, c) in run.OfKind("detect"))
        {
            var (x64Text, arm64Text) = run.Results(line);
            using JsonDocument x64 = JsonDocument.Parse(x64Text);
            using JsonDocument arm64 = JsonDocument.Parse(arm64Text);
            Assert.Equal("CPUExecutionProvider", arm64.RootElement.GetProperty("execution_provider").GetString());
            JsonElement[] expected = [.. x64.RootElement.GetProperty("detections").EnumerateArray()];
            JsonElement[] actual = [.. arm64.RootElement.GetProperty("detections").EnumerateArray()];
            Assert.True(expected.Length > 0, $"{c.Name}: x64 found nothing, so the comparison would prove nothing");
            Assert.True(expected.Length == actual.Length, $"{c.Name}: {actual.Length} detections on arm64, {expected.Length} on x64\n{arm64Text}\n{x64Text}");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].GetProperty("class_id").GetInt32(), actual[i].GetProperty("class_id").GetInt32());
                float score = expected[i].GetProperty("score").GetSingle();
                minScore = Math.Min(minScore, score);
                maxScore = Math.Max(maxScore, Math.Abs(score - actual[i].GetProperty("score").GetSingle()));
                float[] eb = [.. expected[i].GetProperty("box").EnumerateArray().Select(e => e.GetSingle())];
                float[] ab = [.. actual[i].GetProperty("box").EnumerateArray().Select(e => e.GetSingle())];
                for (int k = 0; k < 4; k++)
                {
                    maxBox = Math.Max(maxBox, Math.Abs(eb[k] - ab[k]));
                }
            }
            total += expected.Length;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} detections (lowest score {minScore:G4}); largest difference arm64 vs x64: score {maxScore:G9}, box {maxBox:G9} px; {run.Timings}"));
        Assert.True(total >= 6, $"only {total} detections over the scenes");
        Assert.True(maxScore <= ScoreTolerance, string.Create(CultureInfo.InvariantCulture, $"a score differs by {maxScore:G9} (tolerance {ScoreTolerance})"));
        Assert.True(maxBox <= BoxTolerancePixels, string.Create(CultureInfo.InvariantCulture, $"a box corner differs by {maxBox:G9} px (tolerance {BoxTolerancePixels})"));
    }

    [Fact]
    public void Version_UnderQemu_ReportsArm64NeonAnd128BitVectorsAndTheCpuOnlyProviderChain()
    {
        var (line, _) = run.OfKind("version").Single();
        string text = run.Results(line).Arm64Text;
        output.WriteLine(text);
        Assert.Contains("simd               AdvSIMD (NEON) (vectors 128 bits)", text, StringComparison.Ordinal);
        Assert.Matches(@"platform .* Arm64, \.NET", text);
        Assert.Contains("execution providers CPUExecutionProvider\n", text, StringComparison.Ordinal);
        Assert.Contains("execution provider CPUExecutionProvider (chain tensorrt → cuda → cpu)", text, StringComparison.Ordinal);
        Assert.Contains("tensorrt  skipped: TensorrtExecutionProvider is not in this ONNX Runtime build", text, StringComparison.Ordinal);
        Assert.Contains("cuda      skipped: CUDAExecutionProvider is not in this ONNX Runtime build", text, StringComparison.Ordinal);
    }

    /// <summary>Null when equal, else the length difference or the first differing byte and how many differ.</summary>
    private static string? Difference(byte[] expected, byte[] actual)
    {
        if (expected.Length != actual.Length)
        {
            return $"{actual.Length} bytes on arm64, {expected.Length} on x64";
        }
        int first = expected.AsSpan().CommonPrefixLength(actual);
        if (first == expected.Length)
        {
            return null;
        }
        int count = 0;
        for (int i = first; i < expected.Length; i++)
        {
            count += expected[i] != actual[i] ? 1 : 0;
        }
        return $"{count} bytes differ, the first at byte {first} (x64 {expected[first]}, arm64 {actual[first]})";
    }
}
