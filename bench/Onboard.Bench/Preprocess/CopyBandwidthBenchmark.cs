using BenchmarkDotNet.Attributes;

namespace Onboard.Bench.Preprocess;

/// <summary>
/// The machine's copy bandwidth, the yardstick for the preprocessing kernel's GB/s: a 64 MiB copy (well past
/// every cache), on one thread. GB/s column counts bytes read + bytes written.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PreprocessBenchmarkConfig))]
public class CopyBandwidthBenchmark
{
    public const int Bytes = 64 << 20;

    private byte[] _source = [];
    private byte[] _destination = [];

    [GlobalSetup]
    public void Setup()
    {
        _source = GC.AllocateUninitializedArray<byte>(Bytes, pinned: true);
        _destination = GC.AllocateUninitializedArray<byte>(Bytes, pinned: true);
        new Random(1).NextBytes(_source);
        _destination.AsSpan().Fill(1);
    }

    [Benchmark(Baseline = true, Description = "copy 64 MiB")]
    public void Copy() => _source.AsSpan().CopyTo(_destination);
}
