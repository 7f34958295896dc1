using System.Text;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// One libzmq socket. Not thread-safe (libzmq sockets never are): one thread owns it. Sends copy from the
/// caller's span and receives copy into the caller's span, so neither allocates managed memory.
/// </summary>
public sealed unsafe class ZmqSocket : IDisposable
{
    private nint _handle;

    internal ZmqSocket(ZmqContext context, ZmqSocketType type)
    {
        Type = type;
        _handle = LibZmq.Socket(context.Handle, (int)type);
        if (_handle == 0)
        {
            throw new ZmqException($"zmq_socket({type})", LibZmq.Errno());
        }
    }

    public ZmqSocketType Type { get; }

    private nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(ZmqSocket));

    public void Bind(string endpoint)
    {
        if (LibZmq.Bind(Handle, endpoint) != 0)
        {
            throw new ZmqException("zmq_bind", LibZmq.Errno(), endpoint);
        }
    }

    public void Connect(string endpoint)
    {
        if (LibZmq.Connect(Handle, endpoint) != 0)
        {
            throw new ZmqException("zmq_connect", LibZmq.Errno(), endpoint);
        }
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
        set => SetInt(LibZmq.ZMQ_LINGER, ToMilliseconds(value), "ZMQ_LINGER");
    }

    public int SendHighWatermark
    {
        set => SetInt(LibZmq.ZMQ_SNDHWM, value, "ZMQ_SNDHWM");
    }

    public int ReceiveHighWatermark
    {
        set => SetInt(LibZmq.ZMQ_RCVHWM, value, "ZMQ_RCVHWM");
    }

    /// <summary>Receive timeout; infinite when negative.</summary>
    public TimeSpan ReceiveTimeout
    {
        set => SetInt(LibZmq.ZMQ_RCVTIMEO, ToMilliseconds(value), "ZMQ_RCVTIMEO");
    }

    public TimeSpan SendTimeout
    {
        set => SetInt(LibZmq.ZMQ_SNDTIMEO, ToMilliseconds(value), "ZMQ_SNDTIMEO");
    }

    /// <summary>SUB: receive messages whose first frame starts with <paramref name="prefix"/> (empty: everything).</summary>
    public void Subscribe(ReadOnlySpan<byte> prefix) => SetBytes(LibZmq.ZMQ_SUBSCRIBE, prefix, "ZMQ_SUBSCRIBE");

    public void Subscribe(string prefix) => Subscribe(Encoding.UTF8.GetBytes(prefix));

    /// <summary>
    /// Sends one frame; <paramref name="more"/> says another frame of the same message follows.
    /// Returns false when the send would block (only with <paramref name="dontWait"/>, or after the send timeout).
    /// </summary>
    public bool TrySend(ReadOnlySpan<byte> frame, bool more, bool dontWait = false)
    {
        int flags = (more ? LibZmq.ZMQ_SNDMORE : 0) | (dontWait ? LibZmq.ZMQ_DONTWAIT : 0);
        fixed (byte* p = frame)
        {
            while (true)
            {
                if (LibZmq.Send(Handle, p, (nuint)frame.Length, flags) >= 0)
                {
                    return true;
                }
                int e = LibZmq.Errno();
                if (e == LibZmq.EAGAIN)
                {
                    return false;
                }
                if (e != LibZmq.EINTR)
                {
                    throw new ZmqException("zmq_send", e);
                }
            }
        }
    }

    /// <summary>
    /// Receives one frame into <paramref name="destination"/>. Returns the frame's full size (which may
    /// exceed the destination: the frame is then truncated), or -1 when nothing arrived within the receive
    /// timeout. <paramref name="more"/> says whether another frame of the same message follows.
    /// </summary>
    public int Receive(Span<byte> destination, out bool more, bool dontWait = false)
    {
        LibZmq.Message message;
        LibZmq.MessageInit(&message);
        try
        {
            while (LibZmq.MessageReceive(&message, Handle, dontWait ? LibZmq.ZMQ_DONTWAIT : 0) < 0)
            {
                int e = LibZmq.Errno();
                if (e == LibZmq.EAGAIN)
                {
                    more = false;
                    return -1;
                }
                if (e != LibZmq.EINTR)
                {
                    throw new ZmqException("zmq_msg_recv", e);
                }
            }
            int size = (int)LibZmq.MessageSize(&message);
            new ReadOnlySpan<byte>(LibZmq.MessageData(&message), Math.Min(size, destination.Length)).CopyTo(destination);
            more = LibZmq.MessageMore(&message) != 0;
            return size;
        }
        finally
        {
            LibZmq.MessageClose(&message);
        }
    }

    public void Dispose()
    {
        nint h = Interlocked.Exchange(ref _handle, 0);
        if (h != 0)
        {
            LibZmq.Close(h);
        }
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

    private static void Check(int result, string operation)
    {
        if (result != 0)
        {
            throw new ZmqException(operation, LibZmq.Errno());
        }
    }

    private static int ToMilliseconds(TimeSpan value) =>
        value < TimeSpan.Zero ? -1 : (int)Math.Min(int.MaxValue, value.TotalMilliseconds);
}
