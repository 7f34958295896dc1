using BenchmarkDotNet.Attributes;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Bench.Messaging;

/// <summary>
/// 1 KB <c>[topic][payload]</c> messages through our libzmq binding, PUB → SUB over TCP loopback in one process.
/// Throughput: a burst of <see cref="Burst"/> sends, then as many receives (cost per message, amortised).
/// Latency: one send, then its receive (one-way, including the receiver's wake-up).
/// The same traffic from pyzmq: <c>bench/peers/zmq_pub_bench.py</c> (run it with /usr/bin/python3).
/// </summary>
[MemoryDiagnoser]
public class ZmqPublishBenchmark
{
    private const int Burst = 1000;
    private static readonly byte[] s_topic = "detections/front"u8.ToArray();

    private readonly byte[] _payload = new byte[1024];
    private readonly byte[] _receive = new byte[4096];
    private ZmqContext _context = null!;
    private ZmqSocket _pub = null!;
    private ZmqSocket _sub = null!;
    private DetectionList _message = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = new ZmqContext();
        _pub = _context.CreateSocket(ZmqSocketType.Pub);
        _pub.SendHighWatermark = 0;
        _pub.Linger = TimeSpan.Zero;
        _pub.Bind("tcp://127.0.0.1:*");
        _sub = _context.CreateSocket(ZmqSocketType.Sub);
        _sub.ReceiveHighWatermark = 0;
        _sub.Linger = TimeSpan.Zero;
        _sub.Subscribe(s_topic);
        _sub.Connect(_pub.LastEndpoint);
        // PUB drops until the subscription arrives: send until one gets through.
        do
        {
            _pub.TrySendMultipart(s_topic, _payload);
        }
        while (_sub.Receive(_receive, out _, dontWait: true) < 0 && SpinOnce());
        while (_sub.Receive(_receive, out _, dontWait: true) >= 0)
        {
        }
        _message = OneKilobyteDetectionList();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sub.Dispose();
        _pub.Dispose();
        _context.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Burst)]
    public void Throughput_Span()
    {
        for (int i = 0; i < Burst; i++)
        {
            _pub.TrySendMultipart(s_topic, _payload);
        }
        ReceiveAll();
    }

    /// <summary>A ~1 KB DetectionList serialised straight into the frame libzmq sends.</summary>
    [Benchmark(OperationsPerInvoke = Burst)]
    public void Throughput_Protobuf()
    {
        for (int i = 0; i < Burst; i++)
        {
            _pub.TrySendProtobuf(s_topic, _message);
        }
        ReceiveAll();
    }

    [Benchmark]
    public int Latency_Span()
    {
        _pub.TrySendMultipart(s_topic, _payload);
        _sub.Receive(_receive, out _);
        return _sub.Receive(_receive, out _);
    }

    private void ReceiveAll()
    {
        for (int i = 0; i < Burst; i++)
        {
            _sub.Receive(_receive, out _);
            _sub.Receive(_receive, out _);
        }
    }

    private static bool SpinOnce()
    {
        Thread.Sleep(1);
        return true;
    }

    private static DetectionList OneKilobyteDetectionList()
    {
        var list = new DetectionList
        {
            Header = new FrameHeader { CameraId = "front", Sequence = 1, CaptureMonoNs = 1, CaptureUtcNs = 1, ModelId = "synthetic-signs", ModelVersion = "0.1.0" },
            ImageWidth = 1280,
            ImageHeight = 720,
        };
        for (int s = 1; s <= 6; s++)
        {
            list.Header.Stages.Add(new StageTiming { Stage = (Stage)s, StartMonoNs = 1000 * s, EndMonoNs = 1000 * s + 500 });
        }
        while (list.CalculateSize() < 1024)
        {
            list.Detections.Add(new Detection { X1 = 10.5f, Y1 = 20.5f, X2 = 100.25f, Y2 = 200.75f, Score = 0.9f, ClassId = 1, ClassName = "red_triangle" });
        }
        return list;
    }
}
