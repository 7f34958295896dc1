namespace Onboard.Runtime.Frames;

/// <summary>
/// A fixed-capacity FIFO over a preallocated array, for the frame queues between a source's reader
/// thread and its consumer. Not thread-safe: its owner guards it with its own lock. Taken slots are
/// cleared so the queue holds no reference to a buffer or mapping it no longer owns.
/// </summary>
internal sealed class BoundedRing<T>(int capacity) where T : struct
{
    private readonly T[] _items = new T[capacity];
    private int _head;
    private int _count;

    public int Count => _count;
    public bool IsFull => _count == _items.Length;

    /// <summary>Appends <paramref name="item"/>; the caller made room first (<see cref="IsFull"/> false).</summary>
    public void Add(in T item)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("the queue is full; take its oldest item first");
        }
        _items[(_head + _count) % _items.Length] = item;
        _count++;
    }

    public bool TryTake(out T item)
    {
        if (_count == 0)
        {
            item = default;
            return false;
        }
        item = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) % _items.Length;
        _count--;
        return true;
    }
}
