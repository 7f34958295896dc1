using BenchmarkDotNet.Configs;

namespace Onboard.Bench.Preprocess;

/// <summary>Adds the OpenCV side-by-side and bandwidth columns to the preprocessing benchmarks.</summary>
public sealed class PreprocessBenchmarkConfig : ManualConfig
{
    public PreprocessBenchmarkConfig()
    {
        AddColumn(new OpenCvPeerColumn(ratio: false), new OpenCvPeerColumn(ratio: true), new BandwidthColumn());
    }
}
