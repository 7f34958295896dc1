using Google.Protobuf;
using Onboard.Models.Compute;

namespace Onboard.Bench.EndToEnd;

/// <summary>
/// What both closed loops run on, written once to files so the C++ peer reads the very same bytes: the
/// YOLOv8n-sized compute model at 640² (the inference benchmark's) and one seeded 1920×1080 BGR24 frame.
/// </summary>
internal static class ClosedLoopInputs
{
    public const int Width = 1920;
    public const int Height = 1080;
    public const int ModelSize = 640;

    private static readonly string s_dir = Path.Combine(Path.GetTempPath(), "onboard-bench", "closed-loop");

    public static string ModelPath { get; } = Path.Combine(s_dir, $"compute-{ModelSize}.onnx");

    public static string FramePath { get; } = Path.Combine(s_dir, $"frame-{Width}x{Height}.bgr");

    /// <summary>Writes both files (every time: two processes may race, and the content is deterministic); returns the frame.</summary>
    public static byte[] Write()
    {
        Directory.CreateDirectory(s_dir);
        var frame = new byte[Width * Height * 3];
        new Random(17).NextBytes(frame);
        WriteAtomically(FramePath, frame);
        WriteAtomically(ModelPath, YoloV8ComputeModel.Build(ModelSize).ToByteArray());
        return frame;
    }

    /// <summary>Threads for a parameter value: 0 means every core.</summary>
    public static int Resolve(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    private static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
