using BenchmarkDotNet.Attributes;
using NetMQ;
using NetMQ.Sockets;
using Onboard.Runtime.Messaging.Zmq;
using ZmqSocketType = Onboard.Runtime.Messaging.Zmq.ZmqSocketType;

namespace Onboard.Bench.Messaging;

/// <summary>
/// The publisher decision of DESIGN §4, measured: <c>[topic][payload]</c> PUB → SUB over TCP loopback in one
/// process, our libzmq 4.3.4 binding (Baseline) beside NetMQ 4.0.4.5, plain and CURVE, 64 B and 1 KB payloads.
/// Each invocation sends a burst of <see cref="Burst"/> messages, then receives them all: the time and the
/// bytes allocated are per message, both ends included. "CPU µs/msg" is the process's CPU time per message over
/// all its threads, the figure that survives a loaded machine (<see cref="CpuPerMessage"/>). NetMQ runs twice:
/// as its users write it (<c>SendMoreFrame/SendFrame</c>, <c>ReceiveFrameBytes</c>) and through its
/// lowest-allocation API (<see cref="Msg"/> over a pooled <see cref="BufferPool"/>), so the allocation figure is
/// not an artefact of convenience methods.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NetMqPublishBenchmarkConfig))]
public class NetMqPublishBenchmark
{
    public const int Burst = 1000;
    private static readonly byte[] s_topic = "detections/front"u8.ToArray();
    private static readonly TimeSpan s_receiveTimeout = TimeSpan.FromSeconds(10);

    private readonly byte[] _receive = new byte[4096];
    private byte[] _payload = [];
    private ZmqContext? _context;
    private ZmqSocket _pub = null!;
    private ZmqSocket _sub = null!;
    private PublisherSocket _netPub = null!;
    private SubscriberSocket _netSub = null!;
    private CpuPerMessage _cpu;

    [Params(64, 1024)]
    public int PayloadBytes { get; set; }

    [Params(false, true)]
    public bool Curve { get; set; }

    [GlobalSetup(Target = nameof(Libzmq))]
    public void SetupLibzmq()
    {
        _payload = new byte[PayloadBytes];
        _context = new ZmqContext();
        _pub = _context.CreateSocket(ZmqSocketType.Pub);
        _sub = _context.CreateSocket(ZmqSocketType.Sub);
        foreach (ZmqSocket s in (ReadOnlySpan<ZmqSocket>)[_pub, _sub])
        {
            s.SendHighWatermark = 0;
            s.ReceiveHighWatermark = 0;
            s.Linger = TimeSpan.Zero;
        }
        if (Curve)
        {
            ZmqCurveKeyPair server = ZmqCurve.GenerateKeyPair();
            ZmqCurveKeyPair client = ZmqCurve.GenerateKeyPair();
            _pub.CurveServer = true;
            _pub.CurveSecretKey = server.SecretKey;
            _sub.CurveServerKey = server.PublicKey;
            _sub.CurvePublicKey = client.PublicKey;
            _sub.CurveSecretKey = client.SecretKey;
        }
        _pub.Bind("tcp://127.0.0.1:*");
        _sub.ReceiveTimeout = s_receiveTimeout;
        _sub.Subscribe(s_topic);
        _sub.Connect(_pub.LastEndpoint);
        // PUB drops until the subscription arrives: send until one gets through, then drain.
        while (true)
        {
            _pub.TrySendMultipart(s_topic, _payload);
            if (_sub.Receive(_receive, out _, dontWait: true) >= 0)
            {
                break;
            }
            Thread.Sleep(1);
        }
        while (_sub.Receive(_receive, out _, dontWait: true) >= 0)
        {
        }
    }

    // NetMQ's buffer pool is global: each setup says which one its case runs with (NetMQ's default is the GC pool),
    // so an in-process run (--inProcess) measures the same thing as one process per case.
    [GlobalSetup(Target = nameof(NetMq_Frames))]
    public void SetupNetMqFrames()
    {
        BufferPool.SetGCBufferPool();
        SetupNetMq();
    }

    [GlobalSetup(Target = nameof(NetMq_PooledMsg))]
    public void SetupNetMqPooled()
    {
        BufferPool.SetBufferManagerBufferPool(256L << 20, 64 << 10);
        SetupNetMq();
    }

    private void SetupNetMq()
    {
        _payload = new byte[PayloadBytes];
        _netPub = new PublisherSocket();
        _netSub = new SubscriberSocket();
        foreach (NetMQSocket s in (ReadOnlySpan<NetMQSocket>)[_netPub, _netSub])
        {
            s.Options.SendHighWatermark = 0;
            s.Options.ReceiveHighWatermark = 0;
            s.Options.Linger = TimeSpan.Zero;
        }
        if (Curve)
        {
            var server = new NetMQCertificate();
            _netPub.Options.CurveServer = true;
            _netPub.Options.CurveCertificate = server;
            _netSub.Options.CurveServerKey = server.PublicKey;
            _netSub.Options.CurveCertificate = new NetMQCertificate();
        }
        int port = _netPub.BindRandomPort("tcp://127.0.0.1");
        _netSub.Subscribe(s_topic);
        _netSub.Connect($"tcp://127.0.0.1:{port}");
        while (true)
        {
            _netPub.SendMoreFrame(s_topic).SendFrame(_payload);
            if (_netSub.TryReceiveFrameBytes(out _))
            {
                break;
            }
            Thread.Sleep(1);
        }
        while (_netSub.TryReceiveFrameBytes(out _))
        {
        }
    }

    [GlobalCleanup(Target = nameof(Libzmq))]
    public void CleanupLibzmq()
    {
        _cpu.Save(nameof(Libzmq), PayloadBytes, Curve);
        _sub.Dispose();
        _pub.Dispose();
        _context!.Dispose();
    }

    [GlobalCleanup(Target = nameof(NetMq_Frames))]
    public void CleanupNetMqFrames() => CleanupNetMq(nameof(NetMq_Frames));

    [GlobalCleanup(Target = nameof(NetMq_PooledMsg))]
    public void CleanupNetMqPooled() => CleanupNetMq(nameof(NetMq_PooledMsg));

    /// <summary>Our binding: spans in, spans out, libzmq's own message buffers in between.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Burst)]
    public void Libzmq()
    {
        _cpu.Start();
        for (int i = 0; i < Burst; i++)
        {
            _pub.TrySendMultipart(s_topic, _payload);
        }
        for (int i = 0; i < Burst; i++)
        {
            if (_sub.Receive(_receive, out _) < 0 || _sub.Receive(_receive, out _) != _payload.Length)
            {
                throw new InvalidOperationException("a message was lost");
            }
        }
        _cpu.Stop(Burst);
    }

    /// <summary>NetMQ as its documentation and most users write it: a byte[] per frame received.</summary>
    [Benchmark(OperationsPerInvoke = Burst)]
    public void NetMq_Frames()
    {
        _cpu.Start();
        for (int i = 0; i < Burst; i++)
        {
            _netPub.SendMoreFrame(s_topic).SendFrame(_payload);
        }
        for (int i = 0; i < Burst; i++)
        {
            if (!_netSub.TryReceiveFrameBytes(s_receiveTimeout, out _, out _) || _netSub.ReceiveFrameBytes().Length != _payload.Length)
            {
                throw new InvalidOperationException("a message was lost");
            }
        }
        _cpu.Stop(Burst);
    }

    /// <summary>NetMQ's zero-copy path: <see cref="Msg"/> structs over pooled buffers, copied into our own buffer.</summary>
    [Benchmark(OperationsPerInvoke = Burst)]
    public void NetMq_PooledMsg()
    {
        _cpu.Start();
        for (int i = 0; i < Burst; i++)
        {
            SendMsg(s_topic, more: true);
            SendMsg(_payload, more: false);
        }
        var msg = new Msg();
        msg.InitEmpty();
        try
        {
            for (int i = 0; i < Burst; i++)
            {
                if (!_netSub.TryReceive(ref msg, s_receiveTimeout) || !_netSub.TryReceive(ref msg, s_receiveTimeout) || msg.Size != _payload.Length)
                {
                    throw new InvalidOperationException("a message was lost");
                }
                msg.Slice().CopyTo(_receive);
            }
        }
        finally
        {
            msg.Close();
        }
        _cpu.Stop(Burst);
    }

    private void CleanupNetMq(string method)
    {
        _cpu.Save(method, PayloadBytes, Curve);
        _netSub.Dispose();
        _netPub.Dispose();
        NetMQConfig.Cleanup(block: false);
    }

    private void SendMsg(byte[] data, bool more)
    {
        var msg = new Msg();
        msg.InitPool(data.Length);
        msg.Put(data, 0, data.Length);
        _netPub.Send(ref msg, more);
        msg.Close();
    }
}
