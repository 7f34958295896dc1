using Onboard.Kernels.Tracking;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Telemetry;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// One camera's real-time pipeline. Two dedicated threads, connected by bounded drop-oldest handoffs:
/// <list type="number">
/// <item><c>&lt;camera&gt;/ingest</c>: takes a frame lease from the source, preprocesses the pixels in place
/// into a free <see cref="FrameContext"/>'s tensor, checks the pixels were not overwritten meanwhile,
/// releases the lease, hands the context to inference. It also runs the <see cref="SourceWatchdog"/>.</item>
/// <item><c>&lt;camera&gt;/infer</c>: runs the model and postprocessing, stamps the frame, hands it to
/// <see cref="Output"/>, which the process's publisher (<c>Messaging.PipelinePublisher</c>) drains.</item>
/// </list>
/// Frame N+1 is preprocessed while frame N infers. Acquire and preprocess share a thread on purpose: the
/// preprocessing kernel reads the shared-memory slot in place, and a queue of leases before it would only
/// let the producer overwrite them (the ring itself is the drop-oldest queue in front of this stage).
/// Every frame ends up published, or dropped for one counted <see cref="DropReason"/>.
/// </summary>
/// <remarks>
/// Contexts: one being preprocessed + <see cref="CameraPipelineOptions.InferQueue"/> waiting + one inferring
/// + <see cref="CameraPipelineOptions.PublishQueue"/> waiting + one being published. The pool holds exactly
/// that many, so the ingest thread, which holds at most one, always finds a free one.
/// Thread ownership: <c>_source</c>, <c>_watchdog</c>, <c>_last*</c> and <c>_ingestFrames</c> belong to the
/// ingest thread; <c>_inferFrames</c> to the infer thread; <c>_*AllocatedBytes</c> are written by their
/// stage's thread and read by anyone; <c>_stopping</c> is set by the controlling thread.
/// </remarks>
public sealed partial class CameraPipeline : IDisposable
{
    /// <summary>Frames each stage runs before its allocations count as steady state.</summary>
    public const int WarmupFrames = 8;

    private readonly Func<IFrameSource> _openSource;
    private readonly MonotonicClock _clock;
    private readonly IPipelineEvents _events;
    private readonly FrameContextPool _pool;
    private readonly DropOldestHandoff<FrameContext> _inferQueue;
    private readonly ManualResetEventSlim _stopSignal = new(false);
    private readonly Thread _ingestThread;
    private readonly Thread _inferThread;
    private readonly long _deadlineNs;
    private volatile bool _stopping;
    private bool _started;
    private long _ingestAllocatedBytes;
    private long _inferAllocatedBytes;

    /// <param name="options">Identity, deadline, watchdog timing and queue depths.</param>
    /// <param name="openSource">Opens the camera's source; called on the ingest thread at start and on every reconnect.</param>
    /// <param name="engine">Owned by the pipeline from here on.</param>
    /// <param name="clock">Stamps and the watchdog read this clock.</param>
    /// <param name="events">Receives watchdog transitions and rejections (from stage threads).</param>
    /// <param name="outputSignal">Set whenever a frame is ready on <see cref="Output"/> (shared by the publisher's cameras).</param>
    public CameraPipeline(CameraPipelineOptions options, Func<IFrameSource> openSource, IDetectionEngine engine,
        MonotonicClock clock, IPipelineEvents events, ManualResetEventSlim? outputSignal = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InferQueue, 1, nameof(options.InferQueue));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PublishQueue, 1, nameof(options.PublishQueue));
        Options = options;
        Engine = engine;
        Shadow = (engine as DetectorEngine)?.Shadow;
        _openSource = openSource;
        _clock = clock;
        _events = events;
        _deadlineNs = (long)options.Deadline.TotalNanoseconds;
        Metrics = new CameraMetrics(options.CameraId);
        _inferQueue = new DropOldestHandoff<FrameContext>(options.InferQueue);
        Output = new DropOldestHandoff<FrameContext>(options.PublishQueue, outputSignal);
        int contexts = 1 + options.InferQueue + 1 + options.PublishQueue + 1;
        _pool = new FrameContextPool(contexts);
        // The tracker takes every detection the engine can return; its settings size each context's track copy.
        Tracking = options.Tracker is null ? null : options.Tracker with { MaxDetections = engine.Info.MaxDetections };
        _tracker = Tracking is null ? null : new ByteTracker(Tracking);
        for (int i = 0; i < contexts; i++)
        {
            _pool.Return(new FrameContext(this, engine.CreateInput(), engine.Info.MaxDetections, Tracking));
        }
        _watchdog = new SourceWatchdog((long)options.StallTimeout.TotalNanoseconds, (long)options.ReconnectInterval.TotalNanoseconds);
        _ingestThread = new Thread(IngestLoop) { Name = options.CameraId + "/ingest", IsBackground = true };
        _inferThread = new Thread(InferLoop) { Name = options.CameraId + "/infer", IsBackground = true };
    }

    public string CameraId => Options.CameraId;

    /// <summary>The tracker's settings as run (null: the camera does not track).</summary>
    public TrackerSettings? Tracking { get; }
    public CameraPipelineOptions Options { get; }
    public IDetectionEngine Engine { get; }

    /// <summary>The engine's shadow model, if it has one: its results are drained by the publisher.</summary>
    internal CameraShadow? Shadow { get; }
    public CameraMetrics Metrics { get; }

    /// <summary>Sees each frame's pixels on the ingest thread (the clip recorder); set before <see cref="Start"/>.</summary>
    internal IFrameTap? Tap { get; set; }

    /// <summary>Inferred frames for the publisher, which returns each to <see cref="Recycle"/>.</summary>
    internal DropOldestHandoff<FrameContext> Output { get; }

    /// <summary>Managed bytes the ingest thread allocated per frame after <see cref="WarmupFrames"/> (should stay 0).</summary>
    public long IngestAllocatedBytes => Volatile.Read(ref _ingestAllocatedBytes);

    /// <summary>Managed bytes the infer thread allocated after warm-up, outside ONNX Runtime's run (should stay 0).</summary>
    public long InferAllocatedBytes => Volatile.Read(ref _inferAllocatedBytes);

    /// <summary>True once both stage threads have finished (after <see cref="BeginStop"/>).</summary>
    public bool IsStopped => _started && !_ingestThread.IsAlive && !_inferThread.IsAlive;

    public void Start()
    {
        _started = true;
        _ingestThread.Start();
        _inferThread.Start();
    }

    /// <summary>
    /// Stops taking frames. The frame being preprocessed and every queued frame still go through inference
    /// and to <see cref="Output"/>, which is then completed.
    /// </summary>
    public void BeginStop()
    {
        _stopping = true;
        Metrics.State = CameraState.Stopping;
        _stopSignal.Set();
    }

    /// <summary>Waits for both stage threads to finish; false if they did not within <paramref name="timeout"/>.</summary>
    public bool Join(TimeSpan timeout)
    {
        if (!_started)
        {
            return true;
        }
        long start = _clock.NowNs;
        if (!_ingestThread.Join(timeout))
        {
            return false;
        }
        TimeSpan left = timeout - TimeSpan.FromTicks((_clock.NowNs - start) / 100);
        return _inferThread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
    }

    /// <summary>Returns a context whose frame was published or dropped. Any thread.</summary>
    internal void Recycle(FrameContext context) => _pool.Return(context);

    public void Dispose()
    {
        BeginStop();
        // A stage stuck in the engine keeps it: disposing a session while it runs would crash the process.
        if (Join(TimeSpan.FromSeconds(10)))
        {
            Engine.Dispose();
            _stopSignal.Dispose();
        }
    }

    private void Drop(FrameContext context, DropReason reason)
    {
        Metrics.Dropped(reason);
        _pool.Return(context);
    }

    private static void AddAllocated(ref long total, long before, long frames)
    {
        if (frames > WarmupFrames)
        {
            Volatile.Write(ref total, total + (GC.GetAllocatedBytesForCurrentThread() - before));
        }
    }
}
