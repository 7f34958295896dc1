using System.Text.Json;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Preprocess;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Kernels.Preprocess;

/// <summary>
/// OpenCV 4.6 (Debian's python3-opencv) as the oracle: batches preprocessing cases for the Python peer
/// (<c>Peers/preprocess_oracle.py</c>): frames are written to a temp folder, one Python process computes every
/// expected image, and <see cref="Run"/> returns them.
/// </summary>
public sealed class OpenCvOracle : IPreprocessOracle
{
    private readonly TempDirectory _dir = new();
    private readonly List<Dictionary<string, object?>> _cases = [];

    public string Name => "OpenCV 4.6 (python3-opencv)";

    public int Add(byte[] frame, PixelFormat format, int width, int height, int stride, in PreprocessOptions options)
    {
        int i = _cases.Count;
        string input = _dir.File($"in{i}.raw");
        File.WriteAllBytes(input, frame);
        _cases.Add(new Dictionary<string, object?>
        {
            ["input"] = input,
            ["format"] = PixelFormatInfo.Name(format),
            ["width"] = width,
            ["height"] = height,
            ["stride"] = stride,
            ["size"] = new[] { options.Width, options.Height },
            ["mode"] = options.Mode switch
            {
                GeometryMode.Letterbox => "letterbox",
                GeometryMode.Stretch => "stretch",
                _ => "crop",
            },
            ["pad"] = (int)options.PadValue,
            ["roi"] = options.SourceRegion is PixelRect r ? new[] { r.X, r.Y, r.Width, r.Height } : null,
            ["interpolation"] = options.Interpolation.ToString().ToLowerInvariant(),
            ["output"] = _dir.File($"out{i}.raw"),
        });
        return i;
    }

    /// <summary>Runs the peer once over every case added; returns each expected H×W×3 BGR image.</summary>
    public byte[][] Run()
    {
        string manifest = _dir.File("cases.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(_cases));
        using var peer = new PeerProcess(PeerProcess.Python, PeerProcess.PeerScript("preprocess_oracle.py"), manifest);
        string? line = peer.ReadLine(TimeSpan.FromSeconds(120));
        Assert.True(line == $"done {_cases.Count}", $"OpenCV oracle failed ({line}): {peer.StandardError}");
        Assert.True(peer.WaitForExit(TimeSpan.FromSeconds(10)));
        return _cases.Select(c => File.ReadAllBytes((string)c["output"]!)).ToArray();
    }

    public void Dispose() => _dir.Dispose();
}
