namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>A libzmq context: owns the I/O threads. Dispose after every socket made from it is closed.</summary>
public sealed class ZmqContext : IDisposable
{
    private nint _handle;

    public ZmqContext()
    {
        _handle = LibZmq.ContextNew();
        if (_handle == 0)
        {
            throw new ZmqException("zmq_ctx_new", LibZmq.Errno());
        }
    }

    internal nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(ZmqContext));

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

    public void Dispose()
    {
        nint h = Interlocked.Exchange(ref _handle, 0);
        if (h != 0)
        {
            // zmq_ctx_term blocks until sockets are closed and lingering messages are sent (or linger expires).
            while (LibZmq.ContextTerm(h) != 0 && LibZmq.Errno() == LibZmq.EINTR)
            {
            }
        }
    }
}
