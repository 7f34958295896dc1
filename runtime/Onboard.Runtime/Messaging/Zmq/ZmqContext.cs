namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// A libzmq context: owns the I/O threads. Dispose it after the sockets made from it; a socket still open then (one
/// its owner forgot) is closed first, with linger 0, because <c>zmq_ctx_term</c> would otherwise wait for it forever.
/// </summary>
public sealed class ZmqContext : IDisposable
{
    private readonly ZmqContextHandle _handle;
    // Guarded by itself: the sockets made from this context that are not closed yet (sockets are made and closed
    // on their owners' threads, the context disposed on another).
    private readonly HashSet<ZmqSocketHandle> _sockets = [];

    public ZmqContext()
    {
        _handle = LibZmq.ContextNew();
        if (_handle.IsInvalid)
        {
            _handle.Dispose();
            throw new ZmqException("zmq_ctx_new", LibZmq.Errno());
        }
    }

    internal ZmqContextHandle Handle => !_handle.IsClosed ? _handle : throw new ObjectDisposedException(nameof(ZmqContext));

    /// <summary>Sockets of this context not closed yet.</summary>
    internal int OpenSockets
    {
        get
        {
            lock (_sockets)
            {
                return _sockets.Count;
            }
        }
    }

    /// <summary>libzmq's version as loaded at run time.</summary>
    public static Version LibraryVersion
    {
        get
        {
            LibZmq.Version(out int major, out int minor, out int patch);
            return new Version(major, minor, patch);
        }
    }

    public ZmqSocket CreateSocket(ZmqSocketType type) => new(this, type);

    internal void Opened(ZmqSocketHandle socket)
    {
        lock (_sockets)
        {
            _sockets.Add(socket);
        }
    }

    internal void Closed(ZmqSocketHandle socket)
    {
        lock (_sockets)
        {
            _sockets.Remove(socket);
        }
    }

    public void Dispose()
    {
        if (_handle.IsClosed)
        {
            return;
        }
        ZmqSocketHandle[] leaked;
        lock (_sockets)
        {
            leaked = [.. _sockets];
            _sockets.Clear();
        }
        if (leaked.Length > 0)
        {
            // Wakes any thread blocked in a call on those sockets (it gets ETERM), then closes them without
            // lingering: their owners are gone, and zmq_ctx_term waits for every socket to close.
            LibZmq.ContextShutdown(_handle);
            foreach (ZmqSocketHandle socket in leaked)
            {
                ZmqSocket.DropPending(socket);
                socket.Dispose();
            }
        }
        // zmq_ctx_term blocks until sockets are closed and lingering messages are sent (or linger expires).
        _handle.Dispose();
    }
}
