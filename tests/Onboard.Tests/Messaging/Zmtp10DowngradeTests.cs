using NetMQ;
using NetMQ.Sockets;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Tests.Infrastructure;
using ZmqSocketType = Onboard.Runtime.Messaging.Zmq.ZmqSocketType;

namespace Onboard.Tests.Messaging;

/// <summary>
/// A subscriber that speaks ZMTP 1.0 has no security mechanism and no key: a CURVE publisher must refuse it, or
/// it has downgraded its encryption away (CVE-2014-9721, fixed in libzmq 4.0.6/4.1.1: a ZMTP 1.0 or 2.0 peer is
/// closed whenever the socket's mechanism is not NULL or a ZAP domain is set). Our publisher, configured as
/// <c>onboard run</c> configures it for <c>publish.curve</c>, against a raw ZMTP 1.0 client; and, as a measured
/// fact for DESIGN §4 (why NetMQ is not the publisher), NetMQ 4.0.4.5's CURVE PUB against the same client.
/// </summary>
public sealed class Zmtp10DowngradeTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private static readonly byte[] s_topic = "detections/front"u8.ToArray();
    private static readonly byte[] s_payload = "plaintext a keyless peer must never see"u8.ToArray();

    [Fact]
    public void CurvePublisher_Zmtp10Subscriber_ClosedHavingReceivedNothingWhileACurveSubscriberReceives()
    {
        ZmqCurveKeyPair server = ZmqCurve.GenerateKeyPair();
        using var context = new ZmqContext();
        using ZmqSocket pub = OnboardRunCurvePublisher(context, server.SecretKey);
        using var monitor = new ZmqMonitor(context, pub);
        pub.Bind("tcp://127.0.0.1:*");
        using var legacy = new Zmtp10Subscriber(pub.LastEndpoint);
        using ZmqSocket sub = CurveSubscriber(context, pub.LastEndpoint, server.PublicKey);

        // PUB drops until the subscription arrives: publish until the CURVE subscriber hears one, then ten more,
        // all while the ZMTP 1.0 client is connected (or already closed).
        Assert.True(PublishUntilReceived(() => pub.TrySendMultipart(s_topic, s_payload), sub), "the CURVE subscriber received nothing");
        var buffer = new byte[256];
        for (int i = 0; i < 10; i++)
        {
            Assert.True(pub.TrySendMultipart(s_topic, s_payload));
            Assert.Equal(s_topic.Length, sub.Receive(buffer, out _));
            Assert.Equal(s_payload.Length, sub.Receive(buffer, out _));
        }

        Assert.True(legacy.WaitForClose(s_wait), "the publisher kept the ZMTP 1.0 connection open");
        Assert.Null(legacy.ProtocolError);
        Assert.Equal(0, legacy.BytesAfterIdentity);
        Assert.Null(legacy.TakeMessage(TimeSpan.Zero));
        // All it ever got is (a prefix of) the signature every 0MQ 3.x+ peer sends before it knows who is calling.
        byte[] received = legacy.Received;
        Assert.True(received.Length <= Zmtp10Subscriber.AnonymousSignature.Length, Convert.ToHexString(received));
        Assert.Equal(Zmtp10Subscriber.AnonymousSignature[..received.Length], received);
        // libzmq drops it as a protocol error (no handshake-failed event: that is for failed mechanisms).
        Assert.True(monitor.WaitFor(ZmqSocketEvents.Disconnected, s_wait), "no disconnect event for the ZMTP 1.0 client");
        Assert.Equal(1, monitor.Count(ZmqSocketEvents.HandshakeSucceeded));
    }

    /// <summary>The control: the same client does receive from a publisher without CURVE, so its silence above is
    /// the publisher's refusal, not a client that cannot speak ZMTP 1.0.</summary>
    [Fact]
    public void PlainPublisher_Zmtp10Subscriber_ReceivesThePublishedMessage()
    {
        using var context = new ZmqContext();
        using ZmqSocket pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.Bind("tcp://127.0.0.1:*");
        using var legacy = new Zmtp10Subscriber(pub.LastEndpoint);

        byte[][]? message = PublishUntilReceived(() => pub.TrySendMultipart(s_topic, s_payload), legacy);

        Assert.True(message is not null, $"nothing decoded: {legacy.ProtocolError} {Convert.ToHexString(legacy.Received)}");
        Assert.Equal([s_topic, s_payload], message);
        Assert.Equal(Zmtp10Subscriber.AnonymousSignature, legacy.Received[..Zmtp10Subscriber.AnonymousSignature.Length]);
    }

    /// <summary>
    /// Measured, not a product requirement: NetMQ 4.0.4.5's CURVE PUB falls back to ZMTP 1.0 framing for a peer
    /// whose first octet is not 0xFF without looking at its own mechanism, and then sends that peer what it
    /// publishes, unencrypted. If this starts failing, NetMQ has fixed it: revisit DESIGN §4 and the README row.
    /// </summary>
    [Fact]
    public void NetMqCurvePublisher_Zmtp10Subscriber_ReceivesThePublishedMessageInPlaintext()
    {
        var server = new NetMQCertificate();
        using var pub = new PublisherSocket();
        pub.Options.Linger = TimeSpan.Zero;
        pub.Options.CurveServer = true;
        pub.Options.CurveCertificate = server;
        int port = pub.BindRandomPort("tcp://127.0.0.1");
        using var legacy = new Zmtp10Subscriber($"tcp://127.0.0.1:{port}");

        byte[][]? message = PublishUntilReceived(() => pub.SendMoreFrame(s_topic).TrySendFrame(s_payload), legacy);

        Assert.True(message is not null, $"nothing decoded: {legacy.ProtocolError} {Convert.ToHexString(legacy.Received)}");
        Assert.Equal([s_topic, s_payload], message);
        Assert.True(legacy.Received.AsSpan().IndexOf(s_payload) > 0, "the payload is on the wire as it was published");
        Assert.False(legacy.WaitForClose(TimeSpan.Zero), "NetMQ closed the ZMTP 1.0 connection");
        // CURVE was on: a libzmq CURVE client that knows the server key gets the same messages, encrypted.
        using var context = new ZmqContext();
        using ZmqSocket sub = CurveSubscriber(context, $"tcp://127.0.0.1:{port}", server.PublicKeyZ85);
        Assert.True(PublishUntilReceived(() => pub.SendMoreFrame(s_topic).TrySendFrame(s_payload), sub), "the CURVE subscriber received nothing");
    }

    /// <summary>The PUB socket exactly as <c>PipelineHost</c> sets it up when <c>publish.curve</c> is configured.</summary>
    internal static ZmqSocket OnboardRunCurvePublisher(ZmqContext context, string secretKey)
    {
        ZmqSocket pub = context.CreateSocket(ZmqSocketType.Pub);
        pub.Linger = TimeSpan.Zero;
        pub.CurveServer = true;
        pub.CurveSecretKey = secretKey;
        pub.ZapDomain = "onboard";
        return pub;
    }

    private static ZmqSocket CurveSubscriber(ZmqContext context, string endpoint, string serverKey)
    {
        ZmqCurveKeyPair own = ZmqCurve.GenerateKeyPair();
        ZmqSocket sub = context.CreateSocket(ZmqSocketType.Sub);
        sub.Linger = TimeSpan.Zero;
        sub.ReceiveTimeout = s_wait;
        sub.CurveServerKey = serverKey;
        sub.CurvePublicKey = own.PublicKey;
        sub.CurveSecretKey = own.SecretKey;
        sub.Subscribe(s_topic);
        sub.Connect(endpoint);
        return sub;
    }

    private static bool PublishUntilReceived(Func<bool> publish, ZmqSocket sub)
    {
        var buffer = new byte[256];
        // Each round waits on the subscriber (bounded), so the loop ends on the first delivery, never on a guess.
        sub.ReceiveTimeout = TimeSpan.FromMilliseconds(20);
        try
        {
            for (int i = 0; i < 1500; i++)
            {
                publish();
                if (sub.Receive(buffer, out bool more) == s_topic.Length && more)
                {
                    return sub.Receive(buffer, out _) == s_payload.Length;
                }
            }
            return false;
        }
        finally
        {
            sub.ReceiveTimeout = s_wait;
        }
    }

    /// <summary>Publishes until the client decodes our message; other messages it decodes are skipped (NetMQ follows
    /// its signature with a second, empty identity frame, which a ZMTP 1.0 reader sees as an empty message).</summary>
    private static byte[][]? PublishUntilReceived(Func<bool> publish, Zmtp10Subscriber legacy)
    {
        // Each round waits on the client (bounded); a closed client has nothing more to take.
        for (int i = 0; i < 1500; i++)
        {
            publish();
            while (legacy.TakeMessage(TimeSpan.FromMilliseconds(20)) is { } message)
            {
                if (message.Length == 2 && message[0].AsSpan().SequenceEqual(s_topic))
                {
                    return message;
                }
            }
            if (legacy.WaitForClose(TimeSpan.Zero))
            {
                break;
            }
        }
        return null;
    }
}
