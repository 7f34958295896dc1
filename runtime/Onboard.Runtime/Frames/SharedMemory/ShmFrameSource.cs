using System.Diagnostics.CodeAnalysis;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// A consumer of one camera's shared-memory ring: connects to the producer's descriptor socket (and keeps
/// reconnecting while it is gone), maps the ring read-only, and hands out leases whose pixels are the slot
/// itself — nothing is copied. Frames whose slot was reused before <see cref="TryAcquire"/> reached them
/// are dropped as <see cref="FrameDropReason.Overwritten"/>; frames overwritten while leased are reported
/// by <see cref="FrameLease.IsIntact"/>, for the consumer to count (it was delivered).
/// <para>Threads: the receive thread (ShmFrameSource.Receive.cs) owns the socket, the parser and the current
/// mapping; one consumer thread calls TryAcquire; leases may be released from any thread. The queue and the
/// lease pool are shared between them under <see cref="_lock"/>, which is per source (never across cameras).</para>
/// </summary>
public sealed partial class ShmFrameSource : IFrameSource
{
    private readonly ShmFrameSourceOptions _options;
    private readonly MonotonicClock _clock;
    private readonly FrameSourceStats _stats;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _receiver;

    // Guarded by _lock: announced frames waiting for TryAcquire (oldest first), each
    // holding a reference on the mapping it points into; and idle lease objects.
    private readonly Lock _lock = new();
    private readonly BoundedRing<PendingFrame> _queue;
    private readonly Stack<RingFrameLease> _leases = new();

    // Set (under _lock) when the queue becomes non-empty; reset by TryAcquire under _lock when it finds it empty.
    private readonly ManualResetEventSlim _available = new(false);
    private volatile bool _disposed;

    public ShmFrameSource(ShmFrameSourceOptions options, MonotonicClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options.QueueCapacity));
        RingPaths.CheckSocketPath(options.SocketPath);
        _options = options;
        _clock = clock;
        _stats = new FrameSourceStats(clock);
        _queue = new BoundedRing<PendingFrame>(options.QueueCapacity);
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = $"onboard-ring-{options.Name}" };
        _receiver.Start();
    }

    public string Name => _options.Name;

    public FrameSourceStats Stats => _stats;

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease)
    {
        long deadline = _clock.NowNs + (long)timeout.TotalNanoseconds;
        while (!_disposed)
        {
            PendingFrame next;
            bool found;
            lock (_lock)
            {
                found = _queue.TryTake(out next);
                if (!found)
                {
                    _available.Reset();
                }
            }
            if (found)
            {
                // Seqlock first read (acquire): pixel loads through the lease cannot move before it.
                long state = Volatile.Read(ref next.Ring.State(next.Frame.Slot));
                if (state != RingLayout.StableState(next.Frame.Sequence))
                {
                    _stats.Drop(FrameDropReason.Overwritten);
                    next.Ring.Release();
                    continue;
                }
                RingFrameLease ringLease = RentLease();
                ringLease.Assign(next.Ring, next.Frame, next.Length, state);
                _stats.FrameDelivered();
                lease = ringLease;
                return true;
            }
            if (!AcquireDeadline.Wait(_available, deadline, _clock))
            {
                break;
            }
        }
        lease = null;
        return false;
    }

    /// <summary>Called by <see cref="RingFrameLease.Release"/>: drops the mapping reference, pools the lease.</summary>
    internal void Return(RingFrameLease lease)
    {
        RingMapping ring = lease.Mapping!;
        lease.Clear();
        ring.Release();
        lock (_lock)
        {
            _leases.Push(lease);
        }
    }

    private RingFrameLease RentLease()
    {
        lock (_lock)
        {
            if (_leases.TryPop(out RingFrameLease? lease))
            {
                return lease;
            }
        }
        return new RingFrameLease(this); // warm-up only: the pool grows to the most leases ever held at once
    }

    /// <summary>Receive loop: queues a validated frame (the caller already took a mapping reference for it).</summary>
    private void Enqueue(in PendingFrame frame)
    {
        RingMapping? evicted = null;
        lock (_lock)
        {
            if (_queue.IsFull && _queue.TryTake(out PendingFrame oldest))
            {
                evicted = oldest.Ring;
            }
            _queue.Add(frame);
            _available.Set();
        }
        if (evicted is not null)
        {
            _stats.Drop(FrameDropReason.QueueFull);
            evicted.Release();
        }
    }

    /// <summary>Stops the receive loop and unmaps; leases still held keep their mapping until released.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stop.Cancel();
        _socket?.Dispose();
        _available.Set();
        _receiver.Join(TimeSpan.FromSeconds(5));
        lock (_lock)
        {
            while (_queue.TryTake(out PendingFrame frame))
            {
                frame.Ring.Release();
            }
        }
        _stop.Dispose();
    }

    private readonly record struct PendingFrame(FrameDescriptor Frame, RingMapping Ring, int Length);
}
