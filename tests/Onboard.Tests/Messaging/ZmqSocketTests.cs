using System.Text;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Tests.Messaging;

/// <summary>The libzmq binding on inproc/loopback: socket types, multipart, options, polling, errors, allocation.</summary>
public sealed class ZmqSocketTests : IDisposable
{
    private static int s_next;
    private readonly ZmqContext _context = new();
    private readonly List<ZmqSocket> _sockets = [];

    [Fact]
    public void PushPull_MultipartMessage_ArrivesWholeAndInOrder()
    {
        var (push, pull) = Pair(ZmqSocketType.Push, ZmqSocketType.Pull);

        Assert.True(push.TrySendMultipart("topic"u8, "payload"u8));
        Assert.True(push.TrySend("third"u8, more: false));

        var message = new ZmqMessage();
        try
        {
            Assert.True(pull.TryReceive(ref message, dontWait: false));
            Assert.Equal("topic", Encoding.UTF8.GetString(message.Data));
            Assert.True(message.More);
            Assert.True(pull.TryReceive(ref message, dontWait: false));
            Assert.Equal("payload", Encoding.UTF8.GetString(message.Data));
            Assert.False(message.More);
            Assert.True(pull.TryReceive(ref message, dontWait: false));
            Assert.Equal("third", Encoding.UTF8.GetString(message.Data));
        }
        finally
        {
            message.Dispose();
        }
    }

    [Fact]
    public void ReqRep_Request_ReplyReachesRequester()
    {
        var (rep, req) = Pair(ZmqSocketType.Rep, ZmqSocketType.Req);
        var buffer = new byte[16];

        Assert.True(req.TrySend("ping"u8, more: false));
        int n = rep.Receive(buffer, out _);
        Assert.True(rep.TrySend("pong"u8, more: false));
        int m = req.Receive(buffer.AsSpan(8), out _);

        Assert.Equal("ping", Encoding.ASCII.GetString(buffer, 0, n));
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer, 8, m));
    }

    [Fact]
    public void Conflate_ReceiverBehind_KeepsOnlyTheNewestMessage()
    {
        // An inproc pipe takes its options from the connecting side, so the conflating receiver connects.
        ZmqSocket push = Socket(ZmqSocketType.Push);
        string endpoint = BindInproc(push);
        ZmqSocket pull = Socket(ZmqSocketType.Pull);
        pull.Conflate = true;
        pull.Connect(endpoint);

        for (byte i = 1; i <= 5; i++)
        {
            Assert.True(push.TrySend([i], more: false));
        }
        var buffer = new byte[1];

        Assert.Equal(1, pull.Receive(buffer, out _));
        Assert.Equal(5, buffer[0]);
        Assert.Equal(-1, pull.Receive(buffer, out _, dontWait: true));
    }

    [Fact]
    public void TrySend_HighWatermarkReachedAndDontWait_ReturnsFalseInsteadOfBlocking()
    {
        ZmqSocket pull = Socket(ZmqSocketType.Pull);
        pull.ReceiveHighWatermark = 1;
        string endpoint = BindInproc(pull);
        ZmqSocket push = Socket(ZmqSocketType.Push);
        push.SendHighWatermark = 1;
        push.Connect(endpoint);

        int accepted = 0;
        while (accepted < 100 && push.TrySend("x"u8, more: false, dontWait: true))
        {
            accepted++;
        }

        Assert.InRange(accepted, 1, 99);
        Assert.Equal(1, push.SendHighWatermark);
    }

    [Fact]
    public void Receive_NothingSentWithinTimeout_ReturnsMinusOne()
    {
        var (_, pull) = Pair(ZmqSocketType.Push, ZmqSocketType.Pull);
        pull.ReceiveTimeout = TimeSpan.FromMilliseconds(10);

        Assert.Equal(-1, pull.Receive(new byte[4], out bool more));
        Assert.False(more);
        Assert.Equal(TimeSpan.FromMilliseconds(10), pull.ReceiveTimeout);
    }

    [Fact]
    public void Poll_MessageQueuedOnOneOfTwoSockets_ReportsOnlyThatOneReadable()
    {
        var (push, pull) = Pair(ZmqSocketType.Push, ZmqSocketType.Pull);
        var (_, idle) = Pair(ZmqSocketType.Push, ZmqSocketType.Pull);
        var poller = new ZmqPoller(2);
        int quiet = poller.Add(idle, ZmqPollEvents.Readable);
        int busy = poller.Add(pull, ZmqPollEvents.Readable);

        push.TrySend("x"u8, more: false);

        Assert.Equal(1, poller.Poll(TimeSpan.FromSeconds(30)));
        Assert.True(poller.IsReadable(busy));
        Assert.False(poller.IsReadable(quiet));
    }

    [Fact]
    public void Bind_InvalidEndpoint_ErrorNamesTheEndpointAndLibzmqsReason()
    {
        ZmqSocket pub = Socket(ZmqSocketType.Pub);

        var e = Assert.Throws<ZmqException>(() => pub.Bind("tcp://no-such-interface-xyz:5556"));

        Assert.Equal("tcp://no-such-interface-xyz:5556", e.Endpoint);
        Assert.Contains("tcp://no-such-interface-xyz:5556", e.Message, StringComparison.Ordinal);
        Assert.Contains(ZmqException.StrError(e.ErrorNumber), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurveServerKey_NotZ85_RejectedBeforeReachingLibzmq()
    {
        ZmqSocket sub = Socket(ZmqSocketType.Sub);

        var e = Assert.Throws<ArgumentException>(() => sub.CurveServerKey = "too-short");

        Assert.Contains("ZMQ_CURVE_SERVERKEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendAndReceive_OneKilobyteAndProtobuf_AllocateNothingPerMessage()
    {
        var (push, pull) = Pair(ZmqSocketType.Push, ZmqSocketType.Pull);
        byte[] payload = new byte[1024];
        var topic = "detections/cam"u8.ToArray();
        var health = new Health { CameraId = "cam", InputFps = 30, Stages = { new StageLatency { Stage = Stage.Infer, P50Ms = 1 } } };
        var message = new ZmqMessage();
        try
        {
            for (int warm = 0; warm < 8; warm++)
            {
                RoundTrip(ref message);
            }
            // The least of three windows, as Allocations.InSteadyState does (a ref struct cannot go into its lambda):
            // an allocation per message shows in each, a runtime one-off on this thread in one at most.
            long least = long.MaxValue;
            for (int window = 0; window < 3 && least != 0; window++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 1000; i++)
                {
                    RoundTrip(ref message);
                }
                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }
            Assert.Equal(0, least);
        }
        finally
        {
            message.Dispose();
        }

        void RoundTrip(ref ZmqMessage m)
        {
            push.TrySend(payload, more: false);
            pull.TryReceive(ref m, dontWait: false);
            push.TrySendProtobuf(topic, health);
            pull.TryReceive(ref m, dontWait: false);
            pull.TryReceive(ref m, dontWait: false);
        }
    }

    public void Dispose()
    {
        foreach (ZmqSocket s in _sockets)
        {
            s.Dispose();
        }
        _context.Dispose();
    }

    private (ZmqSocket Bound, ZmqSocket Connected) Pair(ZmqSocketType bound, ZmqSocketType connected)
    {
        ZmqSocket a = Socket(bound);
        string endpoint = BindInproc(a);
        ZmqSocket b = Socket(connected);
        b.Connect(endpoint);
        return (a, b);
    }

    private ZmqSocket Socket(ZmqSocketType type)
    {
        ZmqSocket s = _context.CreateSocket(type);
        s.Linger = TimeSpan.Zero;
        _sockets.Add(s);
        return s;
    }

    private static string BindInproc(ZmqSocket socket)
    {
        string endpoint = $"inproc://zmq-test-{Interlocked.Increment(ref s_next)}";
        socket.Bind(endpoint);
        return endpoint;
    }
}
