using System.Diagnostics.CodeAnalysis;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames;

/// <summary>
/// Pooled frame buffers between a reader thread that fills them (pipe, ffmpeg) and the consumer that
/// leases them. A bounded queue: in <see cref="IngestBackpressure.DropOldest"/> mode the writer takes the
/// oldest queued frame's buffer when none is free; in <see cref="IngestBackpressure.Block"/> mode it waits.
/// Buffers are allocated on first need (warm-up) up to queue capacity + 3 (one being filled, two leased),
/// and again only if the frame size grows — steady state allocates nothing.
/// <para>Everything here is guarded by <see cref="_gate"/> (one per source, never shared across cameras);
/// a plain object because the blocking mode needs <see cref="Monitor.Wait(object)"/>.</para>
/// </summary>
internal sealed class FrameBufferQueue
{
    private readonly object _gate = new();
    private readonly FrameSourceStats _stats;
    private readonly MonotonicClock _clock;
    private readonly IngestBackpressure _backpressure;
    private readonly BoundedRing<Entry> _queue;
    private readonly Stack<byte[]> _free = new();
    private readonly Stack<BufferFrameLease> _leases = new();
    private readonly int _maxBuffers;
    private int _buffers;
    private bool _closed;
    private bool _ended;

    // Set under _gate when the queue becomes non-empty (or closes); reset by TryAcquire under _gate when empty.
    private readonly ManualResetEventSlim _available = new(false);

    public FrameBufferQueue(int capacity, IngestBackpressure backpressure, FrameSourceStats stats, MonotonicClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _queue = new BoundedRing<Entry>(capacity);
        _maxBuffers = capacity + 3;
        _backpressure = backpressure;
        _stats = stats;
        _clock = clock;
    }

    /// <summary>Writer: a buffer of at least <paramref name="bytes"/> to fill, or null when every buffer is
    /// leased out in drop mode (the caller skips the frame, counted QueueFull) or the queue was closed.</summary>
    public byte[]? Rent(int bytes)
    {
        lock (_gate)
        {
            while (!_closed)
            {
                if (_free.TryPop(out byte[]? buffer))
                {
                    if (buffer.Length >= bytes)
                    {
                        return buffer;
                    }
                    _buffers--; // the frame size grew: let this one go
                }
                if (_buffers < _maxBuffers)
                {
                    _buffers++;
                    return GC.AllocateUninitializedArray<byte>(bytes);
                }
                if (_backpressure == IngestBackpressure.DropOldest)
                {
                    _stats.Drop(FrameDropReason.QueueFull);
                    if (!_queue.TryTake(out Entry oldest))
                    {
                        return null;
                    }
                    _free.Push(oldest.Buffer);
                    continue;
                }
                Monitor.Wait(_gate);
            }
            return null;
        }
    }

    /// <summary>True once <see cref="Close"/> ran: <see cref="Rent"/> returns null from then on.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Writer: gives back a buffer it rented but did not fill (a rejected frame).</summary>
    public void Unrent(byte[] buffer)
    {
        lock (_gate)
        {
            _free.Push(buffer);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Writer: queues a filled buffer. In blocking mode waits while the queue is full.</summary>
    public void Publish(byte[] buffer, in FrameDescriptor descriptor, int length)
    {
        lock (_gate)
        {
            while (_queue.IsFull && !_closed)
            {
                if (_backpressure == IngestBackpressure.DropOldest && _queue.TryTake(out Entry oldest))
                {
                    _free.Push(oldest.Buffer);
                    _stats.Drop(FrameDropReason.QueueFull);
                    break;
                }
                Monitor.Wait(_gate);
            }
            if (_closed)
            {
                _free.Push(buffer);
                return;
            }
            _queue.Add(new Entry(buffer, descriptor, length));
            _available.Set();
        }
    }

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        long deadline = _clock.NowNs + (long)timeout.TotalNanoseconds;
        while (true)
        {
            lock (_gate)
            {
                if (_queue.TryTake(out Entry entry))
                {
                    if (!_leases.TryPop(out BufferFrameLease? pooled))
                    {
                        pooled = new BufferFrameLease(this); // warm-up only
                    }
                    pooled.Assign(entry.Buffer, entry.Descriptor, entry.Length);
                    Monitor.PulseAll(_gate); // a blocked writer may go on
                    _stats.FrameDelivered();
                    lease = pooled;
                    return true;
                }
                _available.Reset();
                if (_closed || _ended)
                {
                    break;
                }
            }
            if (!AcquireDeadline.Wait(_available, deadline, _clock))
            {
                break;
            }
        }
        lease = null;
        return false;
    }

    public void Return(BufferFrameLease lease)
    {
        lock (_gate)
        {
            _free.Push(lease.Buffer!);
            lease.Clear();
            _leases.Push(lease);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>True once the writer reached the end of its input and every queued frame was taken.</summary>
    public bool Drained
    {
        get
        {
            lock (_gate)
            {
                return _ended && _queue.Count == 0;
            }
        }
    }

    /// <summary>Writer: the input ended; consumers get what is queued, then TryAcquire returns false at once.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
            _available.Set();
        }
    }

    /// <summary>Wakes a blocked writer and waiting consumers for good (the source is being disposed).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
            _available.Set();
        }
    }

    private readonly record struct Entry(byte[] Buffer, FrameDescriptor Descriptor, int Length);
}
