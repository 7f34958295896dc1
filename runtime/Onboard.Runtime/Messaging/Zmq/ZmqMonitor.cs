using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// Counts a socket's connection events (<c>zmq_socket_monitor</c>): accepted connections, completed and
/// failed handshakes (a CURVE client with the wrong server key, or one ZAP refused), disconnects. libzmq
/// queues events on an inproc PAIR socket; whoever owns this monitor drains it with <see cref="Drain"/> or
/// waits with <see cref="WaitFor"/> — one thread at a time. Counts are readable from any thread.
/// Create it before the socket binds or connects so no event is missed.
/// </summary>
internal sealed class ZmqMonitor : IDisposable
{
    private const int EventFrameLength = 6; // uint16 event id, uint32 value, native byte order

    private static int s_next;

    private readonly ZmqSocket _pair;
    private readonly ZmqPoller _poller = new(1);
    // One counter per event bit; written only by the thread that drains, read by anyone.
    private readonly long[] _counts = new long[16];

    public ZmqMonitor(ZmqContext context, ZmqSocket socket, ZmqSocketEvents events = ZmqSocketEvents.All)
    {
        string endpoint = $"inproc://onboard-monitor-{Interlocked.Increment(ref s_next)}";
        socket.StartMonitor(endpoint, (int)events);
        _pair = context.CreateSocket(ZmqSocketType.Pair);
        _pair.Linger = TimeSpan.Zero;
        _pair.Connect(endpoint);
        _poller.Add(_pair, ZmqPollEvents.Readable);
    }

    /// <summary>Events of any kind in <paramref name="events"/> seen so far.</summary>
    public long Count(ZmqSocketEvents events)
    {
        long total = 0;
        for (int bit = 0; bit < _counts.Length; bit++)
        {
            if (((int)events & (1 << bit)) != 0)
            {
                total += Volatile.Read(ref _counts[bit]);
            }
        }
        return total;
    }

    /// <summary>Counts every event already queued, without waiting; returns the kinds seen.</summary>
    public ZmqSocketEvents Drain()
    {
        ZmqSocketEvents seen = ZmqSocketEvents.None;
        while (TryReceiveOne(dontWait: true, out ZmqSocketEvents e))
        {
            seen |= e;
        }
        return seen;
    }

    /// <summary>Counts events as they come until one of <paramref name="any"/> arrives; false after <paramref name="timeout"/>.</summary>
    public bool WaitFor(ZmqSocketEvents any, TimeSpan timeout)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            if ((Drain() & any) != 0)
            {
                return true;
            }
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(start);
            if (left <= TimeSpan.Zero || _poller.Poll(left) == 0)
            {
                return (Drain() & any) != 0;
            }
        }
    }

    public void Dispose() => _pair.Dispose();

    private bool TryReceiveOne(bool dontWait, out ZmqSocketEvents kind)
    {
        var message = new ZmqMessage();
        try
        {
            kind = ZmqSocketEvents.None;
            if (!_pair.TryReceive(ref message, dontWait))
            {
                return false;
            }
            Span<byte> data = message.Data;
            if (data.Length >= EventFrameLength)
            {
                int id = BinaryPrimitives.ReadUInt16LittleEndian(data);
                if (!BitConverter.IsLittleEndian)
                {
                    id = BinaryPrimitives.ReverseEndianness((ushort)id);
                }
                kind = (ZmqSocketEvents)id;
                if (BitOperations.IsPow2(id) && id < 1 << _counts.Length)
                {
                    Interlocked.Increment(ref _counts[BitOperations.Log2((uint)id)]);
                }
            }
            // The second frame names the endpoint; we count events and do not need it.
            _pair.SkipRemainingFrames(ref message);
            return true;
        }
        finally
        {
            message.Dispose();
        }
    }
}
