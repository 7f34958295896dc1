using System.Globalization;
using System.Text.Json;
using Onboard.Bench.Report;
using Onboard.Bench.Upload;

namespace Onboard.Bench.EndToEnd;

/// <summary>
/// The C++ OpenCV + ONNX Runtime closed loop of <c>bench/baselines/cpp</c>: built by its <c>build.sh</c> (g++,
/// Debian's libopencv-dev, ONNX Runtime's headers and library from our NuGet package) and run on the files of
/// <see cref="ClosedLoopInputs"/> with the given threads. It times itself; start-up is not counted.
/// </summary>
internal static class CppClosedLoopPeer
{
    public sealed record Result(double MedianMs, double PreprocessMs, double InferMs, double PostprocessMs, int Kept, string OpenCv, string Ort);

    public static Result? Run(int threads, int iterations, ICollection<string> notes)
    {
        string script = Path.Combine(BenchPaths.Root, "bench", "baselines", "cpp", "build.sh");
        string? binary = PeerProcess.Run(script, [], TimeSpan.FromMinutes(3), notes)?.Trim();
        if (binary is null)
        {
            return null;
        }
        ClosedLoopInputs.Write();
        string? output = PeerProcess.Run(binary,
            [ClosedLoopInputs.ModelPath, ClosedLoopInputs.FramePath, Invariant(ClosedLoopInputs.Width), Invariant(ClosedLoopInputs.Height),
             Invariant(ClosedLoopInputs.Resolve(threads)), Invariant(iterations), "3"],
            TimeSpan.FromMinutes(5), notes);
        if (output is null)
        {
            return null;
        }
        using var json = JsonDocument.Parse(output);
        JsonElement r = json.RootElement;
        return new Result(r.GetProperty("median_ms").GetDouble(), r.GetProperty("preprocess_ms").GetDouble(), r.GetProperty("infer_ms").GetDouble(),
            r.GetProperty("postprocess_ms").GetDouble(), r.GetProperty("kept").GetInt32(), r.GetProperty("opencv").GetString() ?? "", r.GetProperty("ort").GetString() ?? "");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
