namespace Onboard.Runtime.Pipeline;

/// <summary>
/// A camera's idle <see cref="FrameContext"/>s. Taken by the ingest thread; returned by whichever thread
/// finished with or evicted a context (ingest, infer, publisher), hence the lock — per camera, held for a
/// push or a pop. Sized so the ingest thread always finds one (see <see cref="CameraPipeline"/>).
/// </summary>
internal sealed class FrameContextPool
{
    private readonly FrameContext[] _items;
    private readonly Lock _gate = new();
    private int _count;

    public FrameContextPool(int capacity)
    {
        _items = new FrameContext[capacity];
    }

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

    public void Return(FrameContext context)
    {
        lock (_gate)
        {
            _items[_count++] = context;
        }
    }

    public bool TryTake(out FrameContext context)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                context = null!;
                return false;
            }
            context = _items[--_count];
            _items[_count] = null!;
            return true;
        }
    }
}
