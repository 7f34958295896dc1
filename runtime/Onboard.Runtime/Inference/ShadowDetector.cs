using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// A shadow model: a second session fed the primary's preprocessed tensor, run on its own thread at lower
/// priority, its detections handed to an <see cref="IShadowResultSink"/> and never to the publisher.
/// It yields to the primary: <see cref="Offer"/> skips the frame when the shadow is still busy, and
/// <see cref="YieldToPrimary"/>, when built to preempt, aborts a shadow run in progress when the primary needs the cores.
/// <para>
/// Threads: <see cref="Offer"/> and <see cref="YieldToPrimary"/> are called by the primary's thread; the
/// shadow thread owns the session while <c>_busy</c> is 1 and hands it back by writing 0. The tensor is
/// copied into the shadow's own bound input (a memcpy), because the primary's buffer is rewritten by the
/// next frame while the shadow may still be running.
/// </para>
/// </summary>
internal sealed partial class ShadowDetector : IDisposable
{
    /// <summary>Linux nice value of the shadow thread (higher = lower priority; raising it needs no privilege).</summary>
    public const int Nice = 10;

    private readonly DetectorSession _session;
    private readonly FrameDetector _detector;
    private readonly IShadowResultSink _sink;
    private readonly Detection[] _results;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _work = new(0, 1);
    private readonly bool _preempt;
    private ImageTransform _transform;
    private ulong _sequence;
    private int _busy;
    private volatile bool _stopping;
    private long _accepted, _skipped, _completed, _preempted;

    /// <param name="session">The shadow's own session (its input shape must be the primary's). Owned from here on.</param>
    /// <param name="sink">Receives the shadow's detections, on the shadow thread.</param>
    /// <param name="settings">Thresholds; the shadow manifest's by default.</param>
    /// <param name="preemptForPrimary">Abort a running shadow inference when the primary starts one (<see cref="YieldToPrimary"/>);
    /// off, a run in progress finishes and frames offered meanwhile are skipped.</param>
    public ShadowDetector(DetectorSession session, IShadowResultSink sink, DetectorSettings? settings = null, bool preemptForPrimary = false)
    {
        _session = session;
        _detector = new FrameDetector(session, settings, preprocessThreads: 1); // it never preprocesses: the primary hands it tensors
        _sink = sink;
        _preempt = preemptForPrimary;
        _results = new Detection[_detector.Settings.MaxDetections];
        _thread = new Thread(Loop) { Name = "onboard-shadow", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Options for a shadow session: one intra-op thread, so ORT computes on the (low-priority) shadow thread itself.</summary>
    public static InferenceOptions SessionOptions(InferenceOptions primary) => primary with { IntraOpThreads = 1, InterOpThreads = 1 };

    public long Accepted => Interlocked.Read(ref _accepted);
    public long Skipped => Interlocked.Read(ref _skipped);
    public long Completed => Interlocked.Read(ref _completed);
    public long Preempted => Interlocked.Read(ref _preempted);

    /// <summary>The shadow thread's nice value as the OS reports it (Linux), once the thread runs; null elsewhere.</summary>
    public int? ThreadNice { get; private set; }

    /// <summary>
    /// Offers one preprocessed frame. Returns false, counting a skip, when the shadow is still busy with an
    /// earlier one. Allocation-free.
    /// </summary>
    public bool Offer(ReadOnlySpan<float> preprocessed, in ImageTransform transform, ulong sequence)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Interlocked.Increment(ref _skipped);
            return false;
        }
        preprocessed.CopyTo(_session.Input);
        _transform = transform;
        _sequence = sequence;
        Interlocked.Increment(ref _accepted);
        _work.Release();
        return true;
    }

    /// <summary>The primary is about to infer: when built to preempt, abort a shadow run in progress so the cores are the primary's.</summary>
    public void YieldToPrimary()
    {
        if (_preempt)
        {
            Abort();
        }
    }

    /// <summary>Aborts a shadow run in progress (counted as preempted), whatever the preemption setting: for stopping.</summary>
    public void Abort()
    {
        if (Volatile.Read(ref _busy) == 1)
        {
            _session.Terminate();
        }
    }

    /// <summary>Waits until the shadow is idle (tests and orderly shutdown); false on timeout.</summary>
    public bool WaitIdle(TimeSpan timeout)
    {
        var spin = new SpinWait();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Volatile.Read(ref _busy) != 0)
        {
            if (Environment.TickCount64 > deadline)
            {
                return false;
            }
            spin.SpinOnce(sleep1Threshold: 10);
        }
        return true;
    }

    public void Dispose()
    {
        _stopping = true;
        _session.Terminate();
        if (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            _work.Release();
        }
        _thread.Join();
        _work.Dispose();
        _detector.Dispose();
        _session.Dispose();
    }

    private void Loop()
    {
        ThreadNice = Primitives.ThreadNice.Lower(Nice);
        while (true)
        {
            _work.Wait();
            if (_stopping)
            {
                return;
            }
            if (_session.TryRun())
            {
                int n = _detector.Postprocess(_transform, _results);
                _sink.OnShadowResult(_sequence, _transform, _results.AsSpan(0, n));
                Interlocked.Increment(ref _completed);
            }
            else
            {
                Interlocked.Increment(ref _preempted);
            }
            // A full fence (not a release write): Dispose reads _busy after writing _stopping, we read
            // _stopping after writing _busy, and one of us must see the other's write.
            Interlocked.Exchange(ref _busy, 0);
            if (_stopping)
            {
                return;
            }
        }
    }
}
