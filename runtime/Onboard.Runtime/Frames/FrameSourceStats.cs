using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames;

/// <summary>
/// A source's counters and liveness, written by the source's own threads and read by anyone (health,
/// watchdog, tests). Every counter is a 64-bit value changed with <see cref="Interlocked"/> and read with
/// <see cref="Interlocked.Read(ref readonly long)"/>, so readers on other threads never see a torn value;
/// counters are independent (no snapshot across them is promised).
/// </summary>
public sealed class FrameSourceStats
{
    private static readonly int s_dropReasons = Enum.GetValues<FrameDropReason>().Length;
    private static readonly int s_rejectReasons = Enum.GetValues<FrameRejectReason>().Length;

    private readonly MonotonicClock _clock;

    // Written by the receive side (socket/pipe reader): frames accepted, rejects, sequence gaps, queue drops.
    private long _received;
    private long _lastFrameNs;
    private long _lastSequence = -1;
    private readonly long[] _dropped = new long[s_dropReasons];
    private readonly long[] _rejected = new long[s_rejectReasons];
    private volatile string? _lastRejection;

    // Written by the consuming side: frames handed out (TryAcquire) and torn at release.
    private long _delivered;

    // Written by the receive side on connection changes; 1 while a producer is attached.
    private long _connected;
    private long _connects;
    private long _disconnects;
    private long _sessions;
    private long _sessionId;

    // Whether a camera stalled is the pipeline's SourceWatchdog's call, from the frames it takes: one stall detector.
    public FrameSourceStats(MonotonicClock clock) => _clock = clock;

    /// <summary>For sources that keep no counters: everything stays zero.</summary>
    public static FrameSourceStats Unreported { get; } = new(MonotonicClock.System);

    /// <summary>Frames that arrived well-formed (before any drop).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Frames handed to the consumer by <see cref="IFrameSource.TryAcquire"/>.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>The producer's sequence number of the last frame that arrived; -1 before the first.</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>Monotonic ns (of the source's clock) when the last frame arrived; 0 before the first.</summary>
    public long LastFrameMonoNs => Interlocked.Read(ref _lastFrameNs);

    public bool Connected => Interlocked.Read(ref _connected) != 0;
    public long Connects => Interlocked.Read(ref _connects);
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Producer sessions seen (a restarted producer starts a new one).</summary>
    public long Sessions => Interlocked.Read(ref _sessions);
    public ulong SessionId => (ulong)Interlocked.Read(ref _sessionId);

    internal long Dropped(FrameDropReason reason) => Interlocked.Read(ref _dropped[(int)reason]);

    public long Rejected(FrameRejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public long DroppedTotal => Sum(_dropped);

    public long RejectedTotal => Sum(_rejected);

    /// <summary>The last rejection, with its specific detail (slot number, sizes…); null when none.</summary>
    public string? LastRejection => _lastRejection;

    internal void FrameArrived(ulong sequence)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Exchange(ref _lastSequence, (long)sequence);
        Interlocked.Exchange(ref _lastFrameNs, _clock.NowNs);
    }

    internal void FrameDelivered() => Interlocked.Increment(ref _delivered);

    internal void Drop(FrameDropReason reason, long count = 1) => Interlocked.Add(ref _dropped[(int)reason], count);

    /// <summary>Rare path: builds the detail string only when something is rejected.</summary>
    internal void Reject(FrameRejectReason reason, string detail)
    {
        // Detail first: a reader that sees the count go up must also see why (Interlocked is a full fence).
        _lastRejection = $"{reason}: {detail}";
        Interlocked.Increment(ref _rejected[(int)reason]);
    }

    internal void Attached()
    {
        Interlocked.Increment(ref _connects);
        Interlocked.Exchange(ref _connected, 1);
    }

    internal void Detached()
    {
        if (Interlocked.Exchange(ref _connected, 0) != 0)
        {
            Interlocked.Increment(ref _disconnects);
        }
    }

    internal void SessionStarted(ulong sessionId)
    {
        Interlocked.Increment(ref _sessions);
        Interlocked.Exchange(ref _sessionId, (long)sessionId);
    }

    private static long Sum(long[] counters)
    {
        long sum = 0;
        for (int i = 0; i < counters.Length; i++)
        {
            sum += Interlocked.Read(ref counters[i]);
        }
        return sum;
    }
}
