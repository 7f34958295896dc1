using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// Preallocated items handed from a pipeline thread to the recorder thread without ever making the pipeline wait
/// (the pattern of <c>Pipeline.ShadowResults</c>): the producer rents a free item — none free means the recorder is
/// behind, and the frame is dropped and counted — fills it and pushes it; a full queue evicts its oldest item
/// (counted too). The recorder takes items and returns them. The free list is guarded by <c>_gate</c> (both
/// threads return items); the queue is a one-producer, one-consumer <see cref="DropOldestHandoff{T}"/>.
/// </summary>
internal sealed class SlotExchange<T> where T : class
{
    private readonly T[] _free;
    private readonly Lock _gate = new();
    private readonly DropOldestHandoff<T> _queue;
    private int _freeCount;
    private long _dropped;

    public SlotExchange(int capacity, Func<T> create, ManualResetEventSlim signal)
    {
        _queue = new DropOldestHandoff<T>(capacity, signal);
        _free = new T[capacity + 1];
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = create();
        }
        _freeCount = _free.Length;
    }

    /// <summary>Items lost because the recorder was behind (none free, or evicted from the queue).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Producer: a free item, or null (counted as dropped).</summary>
    public T? Rent()
    {
        lock (_gate)
        {
            if (_freeCount > 0)
            {
                return _free[--_freeCount];
            }
        }
        Interlocked.Increment(ref _dropped);
        return null;
    }

    /// <summary>Applies <paramref name="prepare"/> to every free item (e.g. grows their buffers together, once).</summary>
    public void PrepareFree(Action<T> prepare)
    {
        lock (_gate)
        {
            for (int i = 0; i < _freeCount; i++)
            {
                prepare(_free[i]);
            }
        }
    }

    /// <summary>Producer: queues a filled item.</summary>
    public void Push(T item)
    {
        if (!_queue.Push(item, out T? evicted))
        {
            Interlocked.Increment(ref _dropped);
            Return(evicted!);
        }
    }

    /// <summary>Recorder: the oldest queued item.</summary>
    public bool TryTake(out T item) => _queue.TryTake(out item!);

    public void Return(T item)
    {
        lock (_gate)
        {
            _free[_freeCount++] = item;
        }
    }
}
