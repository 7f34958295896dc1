namespace Onboard.Tests.Infrastructure;

/// <summary>
/// A read-only stream over <paramref name="inner"/> that notes, on each read, the managed bytes the reading
/// thread has allocated so far: a source's own reader thread, which a test cannot otherwise measure. While
/// <see cref="InRead"/> is true the reader is blocked on input with all earlier input handled, so
/// <see cref="AllocatedAtLastRead"/> covers everything it did.
/// </summary>
public sealed class ReadThreadAllocations(Stream inner) : Stream
{
    private long _allocatedAtLastRead;
    private volatile bool _inRead;

    public long AllocatedAtLastRead => Volatile.Read(ref _allocatedAtLastRead);

    public bool InRead => _inRead;

    public override int Read(Span<byte> buffer)
    {
        Volatile.Write(ref _allocatedAtLastRead, GC.GetAllocatedBytesForCurrentThread());
        _inRead = true;
        try
        {
            return inner.Read(buffer);
        }
        finally
        {
            _inRead = false;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
