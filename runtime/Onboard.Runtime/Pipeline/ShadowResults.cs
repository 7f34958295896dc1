using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;
using Onboard.Runtime.Inference;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// The handoff from a camera's shadow thread to the publish thread, which alone may touch the ZeroMQ socket:
/// the shadow thread copies each result into a preallocated <see cref="FrameResult"/> and pushes it onto a
/// bounded drop-oldest queue; the publisher takes it, sends it on <c>shadow/&lt;camera&gt;</c> and returns it.
/// The shadow never waits for the publisher: when the queue is full the oldest result is dropped and counted.
/// </summary>
/// <remarks>
/// Results: <c>capacity</c> queued + one being filled + one being published, so the free list is never empty.
/// The free list and <c>_closed</c> are guarded by <c>_gate</c> (shadow and publish threads both return
/// results); the queue is a <see cref="DropOldestHandoff{T}"/> with one producer (shadow) and one consumer (publish).
/// </remarks>
internal sealed class ShadowResults : IShadowResultSink
{
    private readonly string _cameraId;
    private readonly FrameResult[] _free;
    private readonly Lock _gate = new();
    private int _freeCount;
    private bool _closed;
    private long _dropped;
    private long _published;

    public ShadowResults(string cameraId, int maxDetections, int capacity, ManualResetEventSlim? signal)
    {
        _cameraId = cameraId;
        Queue = new DropOldestHandoff<FrameResult>(capacity, signal);
        _free = new FrameResult[capacity + 2];
        for (int i = 0; i < _free.Length; i++)
        {
            _free[i] = new FrameResult(maxDetections) { CameraId = cameraId };
        }
        _freeCount = _free.Length;
    }

    /// <summary>Results waiting for the publish thread; return each with <see cref="Return"/> once sent.</summary>
    public DropOldestHandoff<FrameResult> Queue { get; }

    /// <summary>Results that never reached the wire: evicted by a newer one, arrived after <see cref="Close"/>, or refused by ZeroMQ.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Results handed to ZeroMQ.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Shadow thread: copies one result and queues it. Allocation-free.</summary>
    public void OnShadowResult(ulong sequence, in ImageTransform transform, ReadOnlySpan<Detection> detections)
    {
        FrameResult r;
        lock (_gate)
        {
            r = _free[--_freeCount];
        }
        r.Reset();
        r.Sequence = sequence;
        r.ImageWidth = transform.SourceWidth;
        r.ImageHeight = transform.SourceHeight;
        int n = Math.Min(detections.Length, r.Detections.Length);
        detections[..n].CopyTo(r.Detections);
        r.DetectionCount = n;
        // Close takes the same gate, so nothing is pushed after the queue is completed.
        lock (_gate)
        {
            if (_closed)
            {
                Interlocked.Increment(ref _dropped);
                _free[_freeCount++] = r;
            }
            else if (!Queue.Push(r, out FrameResult? evicted))
            {
                Interlocked.Increment(ref _dropped);
                _free[_freeCount++] = evicted!;
            }
        }
    }

    /// <summary>Publish thread: <paramref name="result"/> was sent (<paramref name="sent"/>) or refused by ZeroMQ.</summary>
    public void Return(FrameResult result, bool sent)
    {
        if (sent)
        {
            Interlocked.Increment(ref _published);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
        lock (_gate)
        {
            _free[_freeCount++] = result;
        }
    }

    /// <summary>No more results will be queued (a late one is counted as dropped); the publisher drains what is left.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Queue.Complete();
        }
    }
}
