using System.Text;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// One libzmq socket. Not thread-safe (libzmq sockets never are): one thread owns it. Every failing call
/// throws a <see cref="ZmqException"/> with the operation, <c>zmq_strerror</c>'s text and the endpoint the
/// socket was bound or connected to. Sends and receives go through <see cref="ZmqMessage"/> and allocate
/// no managed memory; span and protobuf conveniences are extension methods.
/// </summary>
public sealed unsafe class ZmqSocket : IZmqSender, IZmqReceiver, IDisposable
{
    private readonly ZmqSocketHandle _handle;
    private readonly ZmqContext _context;
    // The endpoint of the last bind/connect, named in errors that have no endpoint of their own.
    private string? _endpoint;

    internal ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        Type = type;
        _context = context;
        _handle = LibZmq.Socket(context.Handle, (int)type);
        if (_handle.IsInvalid)
        {
            _handle.Dispose();
            throw new ZmqException($"zmq_socket({type})", LibZmq.Errno());
        }
        context.Opened(_handle);
    }

    public ZmqSocketType Type { get; }

    internal ZmqSocketHandle Handle => !_handle.IsClosed ? _handle : throw new ObjectDisposedException(nameof(ZmqSocket));

    /// <summary>True once closed: by <see cref="Dispose"/>, or by its context's disposal when it was left open.</summary>
    public bool IsClosed => _handle.IsClosed;

    public void Bind(string endpoint)
    {
        if (LibZmq.Bind(Handle, endpoint) != 0)
        {
            throw new ZmqException("zmq_bind", LibZmq.Errno(), endpoint);
        }
        _endpoint = endpoint;
    }

    public void Connect(string endpoint)
    {
        if (LibZmq.Connect(Handle, endpoint) != 0)
        {
            throw new ZmqException("zmq_connect", LibZmq.Errno(), endpoint);
        }
        _endpoint = endpoint;
    }

    /// <summary>The endpoint the socket last bound, with a wildcard port resolved (ZMQ_LAST_ENDPOINT).</summary>
    public string LastEndpoint
    {
        get
        {
            Span<byte> buffer = stackalloc byte[256];
            nuint length = (nuint)buffer.Length;
            fixed (byte* p = buffer)
            {
                Check(LibZmq.GetSockOpt(Handle, LibZmq.ZMQ_LAST_ENDPOINT, p, ref length), "zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
            }
            return Encoding.UTF8.GetString(buffer[..Math.Max(0, (int)length - 1)]);
        }
    }

    /// <summary>How long pending messages may keep <see cref="ZmqContext.Dispose"/> waiting after close; zero drops them.</summary>
    public TimeSpan Linger
    {
        get => FromMilliseconds(GetInt(LibZmq.ZMQ_LINGER, "ZMQ_LINGER"));
        set => SetInt(LibZmq.ZMQ_LINGER, ToMilliseconds(value), "ZMQ_LINGER");
    }

    /// <summary>Messages queued per peer before sends block (PUSH, REQ) or drop (PUB); 0 is unlimited.</summary>
    public int SendHighWatermark
    {
        get => GetInt(LibZmq.ZMQ_SNDHWM, "ZMQ_SNDHWM");
        set => SetInt(LibZmq.ZMQ_SNDHWM, value, "ZMQ_SNDHWM");
    }

    public int ReceiveHighWatermark
    {
        get => GetInt(LibZmq.ZMQ_RCVHWM, "ZMQ_RCVHWM");
        set => SetInt(LibZmq.ZMQ_RCVHWM, value, "ZMQ_RCVHWM");
    }

    /// <summary>Receive timeout; infinite when negative.</summary>
    public TimeSpan ReceiveTimeout
    {
        get => FromMilliseconds(GetInt(LibZmq.ZMQ_RCVTIMEO, "ZMQ_RCVTIMEO"));
        set => SetInt(LibZmq.ZMQ_RCVTIMEO, ToMilliseconds(value), "ZMQ_RCVTIMEO");
    }

    public TimeSpan SendTimeout
    {
        get => FromMilliseconds(GetInt(LibZmq.ZMQ_SNDTIMEO, "ZMQ_SNDTIMEO"));
        set => SetInt(LibZmq.ZMQ_SNDTIMEO, ToMilliseconds(value), "ZMQ_SNDTIMEO");
    }

    /// <summary>Keep only the newest message in each queue (single-frame messages only; set before connect/bind).</summary>
    public bool Conflate
    {
        set => SetInt(LibZmq.ZMQ_CONFLATE, value ? 1 : 0, "ZMQ_CONFLATE");
    }

    /// <summary>Queue messages only to completed connections, so nothing waits on a peer that is not there.</summary>
    public bool Immediate
    {
        set => SetInt(LibZmq.ZMQ_IMMEDIATE, value ? 1 : 0, "ZMQ_IMMEDIATE");
    }

    /// <summary>Wait before reconnecting to a vanished peer.</summary>
    public TimeSpan ReconnectInterval
    {
        set => SetInt(LibZmq.ZMQ_RECONNECT_IVL, ToMilliseconds(value), "ZMQ_RECONNECT_IVL");
    }

    /// <summary>Time a new connection has to complete its (e.g. CURVE) handshake; zero waits forever.</summary>
    public TimeSpan HandshakeInterval
    {
        set => SetInt(LibZmq.ZMQ_HANDSHAKE_IVL, ToMilliseconds(value), "ZMQ_HANDSHAKE_IVL");
    }

    /// <summary>This socket's routing id as ROUTER peers see it.</summary>
    public ReadOnlySpan<byte> RoutingId
    {
        set => SetBytes(LibZmq.ZMQ_ROUTING_ID, value, "ZMQ_ROUTING_ID");
    }

    /// <summary>CURVE server role: this socket owns a long-term key pair and clients must know its public key.</summary>
    public bool CurveServer
    {
        set => SetInt(LibZmq.ZMQ_CURVE_SERVER, value ? 1 : 0, "ZMQ_CURVE_SERVER");
    }

    /// <summary>This socket's long-term CURVE public key (Z85, 40 characters).</summary>
    public string CurvePublicKey
    {
        set => SetKey(LibZmq.ZMQ_CURVE_PUBLICKEY, value, "ZMQ_CURVE_PUBLICKEY");
    }

    /// <summary>This socket's long-term CURVE secret key (Z85, 40 characters).</summary>
    public string CurveSecretKey
    {
        set => SetKey(LibZmq.ZMQ_CURVE_SECRETKEY, value, "ZMQ_CURVE_SECRETKEY");
    }

    /// <summary>Client role: the server's public key (Z85); setting it makes this socket a CURVE client.</summary>
    public string CurveServerKey
    {
        set => SetKey(LibZmq.ZMQ_CURVE_SERVERKEY, value, "ZMQ_CURVE_SERVERKEY");
    }

    /// <summary>The ZAP domain this socket's connections are authenticated in (see <see cref="ZapAuthenticator"/>).</summary>
    public string ZapDomain
    {
        set => SetBytes(LibZmq.ZMQ_ZAP_DOMAIN, Encoding.UTF8.GetBytes(value), "ZMQ_ZAP_DOMAIN");
    }

    internal ZmqMechanism Mechanism => (ZmqMechanism)GetInt(LibZmq.ZMQ_MECHANISM, "ZMQ_MECHANISM");

    /// <summary>SUB: receive messages whose first frame starts with <paramref name="prefix"/> (empty: everything).</summary>
    public void Subscribe(ReadOnlySpan<byte> prefix) => SetBytes(LibZmq.ZMQ_SUBSCRIBE, prefix, "ZMQ_SUBSCRIBE");

    public void Subscribe(string prefix) => Subscribe(Encoding.UTF8.GetBytes(prefix));

    public void Unsubscribe(ReadOnlySpan<byte> prefix) => SetBytes(LibZmq.ZMQ_UNSUBSCRIBE, prefix, "ZMQ_UNSUBSCRIBE");

    /// <summary>
    /// Publishes this socket's connection events (see <see cref="ZmqMonitor"/>) on an inproc PAIR endpoint.
    /// </summary>
    internal void StartMonitor(string inprocEndpoint, int events)
    {
        if (LibZmq.SocketMonitor(Handle, inprocEndpoint, events) != 0)
        {
            throw new ZmqException("zmq_socket_monitor", LibZmq.Errno(), inprocEndpoint);
        }
    }

    internal void StopMonitor() => LibZmq.SocketMonitor(Handle, null, 0);

    /// <inheritdoc/>
    public bool TrySend(ref ZmqMessage message, bool more, bool dontWait)
    {
        int flags = (more ? LibZmq.ZMQ_SNDMORE : 0) | (dontWait ? LibZmq.ZMQ_DONTWAIT : 0);
        LibZmq.Message* native = message.PrepareForSend();
        while (LibZmq.MessageSend(native, Handle, flags) < 0)
        {
            int e = LibZmq.Errno();
            if (e == LibZmq.EAGAIN)
            {
                return false;
            }
            if (e != LibZmq.EINTR)
            {
                throw new ZmqException("zmq_msg_send", e, _endpoint);
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public bool TryReceive(ref ZmqMessage message, bool dontWait)
    {
        LibZmq.Message* native = message.PrepareForReceive();
        while (LibZmq.MessageReceive(native, Handle, dontWait ? LibZmq.ZMQ_DONTWAIT : 0) < 0)
        {
            int e = LibZmq.Errno();
            if (e == LibZmq.EAGAIN)
            {
                return false;
            }
            if (e != LibZmq.EINTR)
            {
                throw new ZmqException("zmq_msg_recv", e, _endpoint);
            }
        }
        return true;
    }

    public void Dispose()
    {
        _context.Closed(_handle);
        _handle.Dispose();
    }

    /// <summary>Sets linger 0 on a socket about to be closed for an owner that left it open (best effort: it may be closed already).</summary>
    internal static void DropPending(ZmqSocketHandle socket)
    {
        int zero = 0;
        try
        {
            LibZmq.SetSockOpt(socket, LibZmq.ZMQ_LINGER, &zero, sizeof(int));
        }
        catch (ObjectDisposedException)
        {
            // Its owner closed it meanwhile.
        }
    }

    private int GetInt(int option, string name)
    {
        int value = 0;
        nuint length = sizeof(int);
        Check(LibZmq.GetSockOpt(Handle, option, &value, ref length), $"zmq_getsockopt({name})");
        return value;
    }

    private void SetInt(int option, int value, string name) =>
        Check(LibZmq.SetSockOpt(Handle, option, &value, sizeof(int)), $"zmq_setsockopt({name})");

    private void SetBytes(int option, ReadOnlySpan<byte> value, string name)
    {
        fixed (byte* p = value)
        {
            Check(LibZmq.SetSockOpt(Handle, option, p, (nuint)value.Length), $"zmq_setsockopt({name})");
        }
    }

    private void SetKey(int option, string z85, string name)
    {
        if (!ZmqCurve.IsValidKey(z85))
        {
            throw new ArgumentException($"{name} must be a 40-character Z85 CURVE key, got {z85.Length} characters", nameof(z85));
        }
        SetBytes(option, Encoding.ASCII.GetBytes(z85), name);
    }

    private void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw new ZmqException(operation, LibZmq.Errno(), _endpoint);
        }
    }

    private static int ToMilliseconds(TimeSpan value) =>
        value < TimeSpan.Zero ? -1 : (int)Math.Min(int.MaxValue, value.TotalMilliseconds);

    private static TimeSpan FromMilliseconds(int value) =>
        value < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(value);
}
