using BenchmarkDotNet.Attributes;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Bench.Clips;

/// <summary>
/// MCAP writer throughput for JPEG-sized messages (150 KB, random bytes: a JPEG's entropy-coded data does not
/// compress either), per chunk compression, into <see cref="Stream.Null"/> so the disk is not measured. Cost per
/// message (OperationsPerInvoke), so MB/s = 0.15 / mean µs × 10⁶ and messages/s = 10⁹ / mean ns. Baseline: copying
/// the payload once, the floor any writer pays. Allocated bytes per message should read 0 (buffers reach their
/// working size in warm-up). The same messages through @mcap/core's writer in Node: bench/peers/mcap_write_bench.mjs.
/// </summary>
[MemoryDiagnoser]
public class McapWriterBenchmark
{
    private const int Messages = 100;
    private const int PayloadBytes = 150_000;

    private readonly byte[] _payload = new byte[PayloadBytes];
    private readonly byte[] _copy = new byte[PayloadBytes];
    private McapWriter _writer = null!;
    private ushort _channel;
    private ulong _time;

    [Params(McapCompression.None, McapCompression.Lz4, McapCompression.Zstd)]
    public McapCompression Compression { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(7).NextBytes(_payload);
        _writer = new McapWriter(Stream.Null, new McapWriterOptions { Compression = Compression });
        _channel = _writer.AddChannel(0, "/front/image", "protobuf");
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public void CopyOnly()
    {
        for (int i = 0; i < Messages; i++)
        {
            _payload.AsSpan().CopyTo(_copy);
        }
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public void WriteMessage()
    {
        for (int i = 0; i < Messages; i++)
        {
            _writer.WriteMessage(_channel, 0, _time, _time, _payload);
            _time += 33_333_333;
        }
    }
}
