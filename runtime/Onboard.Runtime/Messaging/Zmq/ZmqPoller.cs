namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// <c>zmq_poll</c> over a fixed set of sockets: wait until any is readable/writable, with a timeout. The
/// poll items live in a pinned array built once, so polling allocates nothing. Owned by one thread; it does
/// not own the sockets (dispose them after the poller is no longer used).
/// </summary>
internal sealed unsafe class ZmqPoller
{
    private readonly LibZmq.PollItem[] _items;
    private int _count;

    public ZmqPoller(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _items = GC.AllocateArray<LibZmq.PollItem>(capacity, pinned: true);
    }

    public int Count => _count;

    /// <summary>Adds <paramref name="socket"/>; returns its index for <see cref="Returned"/>.</summary>
    public int Add(ZmqSocket socket, ZmqPollEvents events)
    {
        if (_count == _items.Length)
        {
            throw new InvalidOperationException($"the poller holds {_items.Length} sockets already");
        }
        // The raw pointer: zmq_poll takes an array of them. Safe while the caller keeps the socket open, as documented above.
        _items[_count] = new LibZmq.PollItem { Socket = socket.Handle.DangerousGetHandle(), Events = (short)events };
        return _count++;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (infinite when negative) for any socket's events. Returns how
    /// many sockets have events; 0 on timeout.
    /// </summary>
    public int Poll(TimeSpan timeout)
    {
        long ms = timeout < TimeSpan.Zero ? -1 : (long)timeout.TotalMilliseconds;
        while (true)
        {
            int n;
            fixed (LibZmq.PollItem* items = _items)
            {
                n = LibZmq.Poll(items, _count, new System.Runtime.InteropServices.CLong((nint)ms));
            }
            if (n >= 0)
            {
                return n;
            }
            int e = LibZmq.Errno();
            if (e != LibZmq.EINTR)
            {
                throw new ZmqException("zmq_poll", e);
            }
        }
    }

    /// <summary>The events socket <paramref name="index"/> had at the last <see cref="Poll"/>.</summary>
    public ZmqPollEvents Returned(int index) => (ZmqPollEvents)_items[index].ReturnedEvents;

    public bool IsReadable(int index) => (Returned(index) & ZmqPollEvents.Readable) != 0;
}
