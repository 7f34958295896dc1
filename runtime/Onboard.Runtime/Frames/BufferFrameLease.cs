namespace Onboard.Runtime.Frames;

/// <summary>A frame copied into one of a source's pooled buffers: never overwritten while leased, so always intact.
/// Reused by its queue: owned by the consumer from TryAcquire until Release.</summary>
internal sealed class BufferFrameLease(FrameBufferQueue owner) : FrameLease
{
    private byte[]? _buffer;
    private int _length;

    public override ReadOnlySpan<byte> Pixels => (_buffer ?? throw new InvalidOperationException("the lease was released")).AsSpan(0, _length);

    public override bool IsIntact => true;

    internal byte[]? Buffer => _buffer;

    internal void Assign(byte[] buffer, in FrameDescriptor descriptor, int length)
    {
        _buffer = buffer;
        _length = length;
        Descriptor = descriptor;
    }

    internal void Clear() => _buffer = null;

    public override void Release()
    {
        if (_buffer is null)
        {
            throw new InvalidOperationException("the lease was already released");
        }
        owner.Return(this);
    }
}
