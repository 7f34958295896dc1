namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// A frame read in place from a ring slot. Holds a reference on the mapping so the pixels stay mapped
/// even if the source moves to a new producer session meanwhile. Reused by its source: owned by the
/// consumer from TryAcquire until Release, by the source's pool otherwise.
/// </summary>
internal sealed class RingFrameLease(ShmFrameSource owner) : FrameLease
{
    private RingMapping? _ring;
    private int _length;
    private long _state;

    public override ReadOnlySpan<byte> Pixels => Ring.Slot(Descriptor.Slot, _length);

    /// <summary>
    /// The seqlock's second read: a full fence orders every pixel load the caller made before the re-read of
    /// the slot state, so if the state still holds this frame's even value, no byte read came from a newer frame.
    /// </summary>
    public override bool IsIntact
    {
        get
        {
            Interlocked.MemoryBarrier();
            return Volatile.Read(ref Ring.State(Descriptor.Slot)) == _state;
        }
    }

    internal RingMapping? Mapping => _ring;

    private RingMapping Ring => _ring ?? throw new InvalidOperationException("the lease was released");

    internal void Assign(RingMapping ring, in FrameDescriptor descriptor, int length, long state)
    {
        _ring = ring;
        Descriptor = descriptor;
        _length = length;
        _state = state;
    }

    internal void Clear() => _ring = null;

    public override void Release()
    {
        if (_ring is null)
        {
            throw new InvalidOperationException("the lease was already released");
        }
        owner.Return(this);
    }
}
