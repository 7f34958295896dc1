using Onboard.Bench.Results;

namespace Onboard.Tests.Bench;

/// <summary>Fixture results for the guard's tests: made-up medians, never measured, so nothing here depends on timing.</summary>
internal static class BenchFixtures
{
    public static Ratio Preprocess(string width, double oursMs, double peerMs) =>
        new("preprocess", "NV12, 1 thread", width, "Onboard fused", "OpenCvSharp 4.13", oursMs, peerMs);

    public static Ratio Decode(double oursMs, double peerMs) =>
        new("decode + NMS", "YOLOv8 80 × 8400", "widest", "Onboard", "numpy + cv2", oursMs, peerMs);

    public static BenchResults Results(params Ratio[] ratios) =>
        new(new RunInfo(new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero), "quick", "2 cores, AVX-512, .NET 10", 7.5, 170, "figures from a loaded machine"),
            ratios, null, ["a note"]);
}
