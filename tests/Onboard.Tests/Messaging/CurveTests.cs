using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Tests.Messaging;

/// <summary>CURVE keys and ZAP client authentication, our binding on both ends over loopback TCP.</summary>
public sealed class CurveTests
{
    [Fact]
    public void GenerateKeyPair_Always_GivesZ85KeysWhosePublicHalfDerivesFromTheSecret()
    {
        ZmqCurveKeyPair pair = ZmqCurve.GenerateKeyPair();

        Assert.True(ZmqCurve.IsAvailable);
        Assert.True(ZmqCurve.IsValidKey(pair.PublicKey));
        Assert.True(ZmqCurve.IsValidKey(pair.SecretKey));
        Assert.Equal(pair.PublicKey, ZmqCurve.PublicKeyOf(pair.SecretKey));
        Assert.DoesNotContain(pair.SecretKey, pair.ToString(), StringComparison.Ordinal);
        Span<byte> binary = stackalloc byte[ZmqCurve.BinaryKeyLength];
        Assert.True(ZmqCurve.TryDecode(pair.PublicKey, binary));
        Assert.Equal(pair.PublicKey, ZmqCurve.Encode(binary));
    }

    [Fact]
    public void Zap_ClientKeyNotAuthorised_HandshakeRefusedAndAuthorisedClientReceives()
    {
        ZmqCurveKeyPair server = ZmqCurve.GenerateKeyPair();
        ZmqCurveKeyPair allowed = ZmqCurve.GenerateKeyPair();
        ZmqCurveKeyPair stranger = ZmqCurve.GenerateKeyPair();
        using var context = new ZmqContext();
        using var zap = new ZapAuthenticator(context, [allowed.PublicKey]);
        using var push = context.CreateSocket(ZmqSocketType.Push);
        push.Linger = TimeSpan.Zero;
        push.CurveServer = true;
        push.CurveSecretKey = server.SecretKey;
        using var monitor = new ZmqMonitor(context, push);
        push.Bind("tcp://127.0.0.1:*");
        string endpoint = push.LastEndpoint;

        using var intruder = Client(context, endpoint, server.PublicKey, stranger);
        Assert.True(monitor.WaitFor(ZmqSocketEvents.HandshakeFailedAuth, TimeSpan.FromSeconds(30)), "the unauthorised client was not refused");
        using var client = Client(context, endpoint, server.PublicKey, allowed);
        Assert.True(monitor.WaitFor(ZmqSocketEvents.HandshakeSucceeded, TimeSpan.FromSeconds(30)), "the authorised client did not connect");
        Assert.Equal(ZmqMechanism.Curve, push.Mechanism);

        // PUSH only sends to completed connections: the refused client is not one, so the message goes to the other.
        Assert.True(push.TrySend("secret"u8, more: false));
        var buffer = new byte[16];
        Assert.Equal(6, client.Receive(buffer, out _));
        Assert.Equal(-1, intruder.Receive(buffer, out _, dontWait: true));
        Assert.True(zap.Rejected >= 1);
        Assert.Equal(1, zap.Accepted);
    }

    private static ZmqSocket Client(ZmqContext context, string endpoint, string serverKey, ZmqCurveKeyPair own)
    {
        ZmqSocket pull = context.CreateSocket(ZmqSocketType.Pull);
        pull.Linger = TimeSpan.Zero;
        pull.ReceiveTimeout = TimeSpan.FromSeconds(30);
        pull.CurveServerKey = serverKey;
        pull.CurvePublicKey = own.PublicKey;
        pull.CurveSecretKey = own.SecretKey;
        pull.Connect(endpoint);
        return pull;
    }
}
