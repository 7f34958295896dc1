namespace Onboard.Runtime.Primitives;

/// <summary>
/// A bounded queue between two stage threads that never blocks its producer: when full, pushing evicts
/// the oldest item and hands it back so the producer can count it as dropped and recycle it. The consumer
/// waits with a timeout. The producer may <see cref="Complete"/> it: the consumer then drains what is left
/// and learns that nothing more will come.
/// </summary>
/// <remarks>
/// Why not System.Threading.Channels: a bounded channel in DropOldest mode would do the eviction, but its
/// waits are async (a dedicated stage thread would block on a ValueTask), timeouts need a
/// CancellationTokenSource, and the dropped item only surfaces through a callback. Here the wait is a plain
/// monitor wait with a timeout, nothing allocates, and the evicted item is a return value.
/// Thread ownership: one producer and one consumer thread; every field is guarded by <c>_gate</c>, which is
/// per handoff (never shared across cameras) and held for a few instructions. A producer that wants to
/// wake a consumer waiting on several handoffs passes a shared <paramref name="signal"/>.
/// </remarks>
internal sealed class DropOldestHandoff<T>(int capacity, ManualResetEventSlim? signal = null)
    where T : class
{
    private readonly T?[] _items = new T?[capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity))];
    private readonly object _gate = new();
    private int _head;
    private int _count;
    private bool _completed;

    public int Capacity => _items.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>True once completed and drained: the consumer may stop.</summary>
    public bool IsFinished
    {
        get
        {
            lock (_gate)
            {
                return _completed && _count == 0;
            }
        }
    }

    /// <summary>
    /// Enqueues <paramref name="item"/>. When the queue was full, the oldest item is removed and returned in
    /// <paramref name="evicted"/> (the caller counts and recycles it); returns false in that case.
    /// </summary>
    public bool Push(T item, out T? evicted)
    {
        evicted = null;
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("push after complete");
            }
            if (_count == _items.Length)
            {
                evicted = _items[_head];
                _items[_head] = null;
                _head = (_head + 1) % _items.Length;
                _count--;
            }
            _items[(_head + _count) % _items.Length] = item;
            _count++;
            Monitor.Pulse(_gate);
        }
        signal?.Set();
        return evicted is null;
    }

    /// <summary>Takes the oldest item without waiting.</summary>
    public bool TryTake(out T item)
    {
        lock (_gate)
        {
            return TakeUnsynchronized(out item);
        }
    }

    /// <summary>Takes the oldest item, waiting up to <paramref name="timeout"/>; false on timeout or when finished.</summary>
    public bool TryTake(TimeSpan timeout, out T item)
    {
        lock (_gate)
        {
            if (_count == 0 && !_completed)
            {
                Monitor.Wait(_gate, timeout);
            }
            return TakeUnsynchronized(out item);
        }
    }

    /// <summary>The producer will push nothing more; wakes the consumer.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
        signal?.Set();
    }

    private bool TakeUnsynchronized(out T item)
    {
        if (_count == 0)
        {
            item = null!;
            return false;
        }
        item = _items[_head]!;
        _items[_head] = null;
        _head = (_head + 1) % _items.Length;
        _count--;
        return true;
    }
}
