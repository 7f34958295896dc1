using Onboard.Runtime.Inference;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Cross-camera batching, as DeepStream's stream muxer does it: cameras that run the same model share one
/// session bound at batch N, each camera on its own batch index (its lane). Each camera keeps its whole
/// pipeline — ingest, queues, counters, deadlines, publishing — and gets its own
/// <see cref="BatchedCameraEngine"/> from <see cref="CreateEngine"/>; only the run is shared. A camera's infer
/// thread puts its preprocessed frame into its lane of the batch being gathered and waits; the batch runs as
/// soon as every camera it waits for has a frame in it, or <see cref="BatchOptions.Timeout"/> after its first
/// frame without the missing ones (a partial batch); one of the waiting infer threads runs it; then each
/// camera decodes its own lane of the outputs, at its own pace.
/// </summary>
/// <remarks>
/// <para>A camera the last batch ran without (stalled, stopped, or late) is not waited for until it sends a
/// frame again: a dead camera costs the others one timeout, not one per frame.</para>
/// <para>Frames are preprocessed on their camera's ingest thread into their context's own one-image buffer
/// (the shared-memory lease must be released there), and which batch a frame joins is known only when its
/// infer thread takes it, after the drop-oldest queue. So joining a batch copies the image into the lane: one
/// memcpy per frame (1.2 MB at 320², 4.9 MB at 640²), in exchange for batches formed from whatever frames are
/// waiting, with no coupling of the cameras' queues.</para>
/// <para>Two batch slots, each an <see cref="InputSlot"/> with its own outputs, alternate: batch g gathers into
/// slot g % 2 while batch g − 1 runs from the other, and batch g − 2's cameras may still decode slot g % 2's
/// outputs while g gathers into its inputs (g runs only once they are done).</para>
/// <para>Threads and ownership: the session, the slots and <c>_engines</c> are set up here, before any camera
/// starts. <c>_gate</c> guards every field of <c>CameraBatcher.Gather.cs</c>. It is the one lock the pipeline
/// shares across cameras — batching is exactly a rendezvous of cameras — and it is held for bookkeeping only,
/// never during a copy, a run or a decode. Invariants, kept under <c>_gate</c>: one batch gathers at a time
/// (<c>_generation</c>) and one runs at a time (<c>_running</c>); a batch closes only when the session is idle,
/// so while batch g gathers, batch g − 2 (same slot) has finished running and the slot's inputs are free; a
/// lane's image is written only by its own camera, between joining (<c>_joined</c>) and <c>_copied</c>; a batch
/// closes only with no copy in flight and runs only when no camera still decodes the slot's previous outputs
/// (<c>_readers</c>); a slot's run record (<c>_ran*</c>) is written by the thread that ran it and read by the
/// batch's cameras until each releases the slot.</para>
/// </remarks>
public sealed partial class CameraBatcher : IDisposable
{
    /// <summary>Lanes are bits of a mask.</summary>
    public const int MaxBatchSize = 32;

    private const int SlotCount = 2;

    private readonly DetectorSession _session;
    private readonly DetectorSettings _settings;
    private readonly MonotonicClock _clock;
    private readonly long _timeoutNs;
    private readonly int _pollMs;
    private readonly InputSlot[] _slots = new InputSlot[SlotCount];
    private readonly BatchedCameraEngine?[] _engines;
    private readonly uint _allLanes;

    /// <param name="session">A float-input session bound at the batch size (<see cref="InferenceOptions.BatchSize"/>); owned from here on.</param>
    /// <param name="options">Batch timeout.</param>
    /// <param name="clock">The cameras' clock: batch deadlines and run stamps read it.</param>
    /// <param name="settings">Thresholds; the manifest's by default.</param>
    /// <param name="identity">The deployment's id, version and class names; the manifest's where it leaves them empty.</param>
    internal CameraBatcher(DetectorSession session, BatchOptions options, MonotonicClock clock, DetectorSettings? settings = null, ModelIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Timeout, TimeSpan.Zero, nameof(options.Timeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.PollInterval, TimeSpan.Zero, nameof(options.PollInterval));
        if (session.TakesRawFrame)
        {
            throw new NotSupportedException(
                $"'{session.ModelPath}' takes raw frames (preprocessing composed in); batching runs float-input models, whose frames are preprocessed on the host");
        }
        if (session.BatchSize > MaxBatchSize)
        {
            throw new NotSupportedException($"batch size {session.BatchSize} is more than {MaxBatchSize} cameras");
        }
        _session = session;
        _settings = settings ?? DetectorSettings.From(session.Manifest.Thresholds);
        Info = DetectorEngine.Describe(session, _settings, identity);
        _clock = clock;
        Options = options;
        _timeoutNs = (long)options.Timeout.TotalNanoseconds;
        _pollMs = Math.Max(1, (int)Math.Ceiling(options.PollInterval.TotalMilliseconds));
        _engines = new BatchedCameraEngine?[session.BatchSize];
        _allLanes = session.BatchSize == MaxBatchSize ? uint.MaxValue : (1u << session.BatchSize) - 1;
        // Lanes no camera has taken are never waited for.
        _departed = _allLanes;
        try
        {
            for (int i = 0; i < SlotCount; i++)
            {
                _slots[i] = session.CreateInputSlot(ownOutputs: true);
            }
        }
        catch
        {
            DisposeSlots();
            throw;
        }
    }

    internal BatchOptions Options { get; }
    public DetectorSession Session => _session;
    /// <summary>The batched model's facts, shared by its cameras' engines.</summary>
    public EngineInfo Info { get; }

    /// <summary>Lanes: the most cameras one run takes.</summary>
    public int BatchSize => _session.BatchSize;


    /// <summary>
    /// The engine for the next camera, on the next free lane (cameras get lanes in the order they are added).
    /// Called while the pipelines are built; the camera's pipeline owns the engine, and disposing it takes the
    /// camera out of the batches.
    /// </summary>
    internal BatchedCameraEngine CreateEngine(string cameraId)
    {
        lock (_gate)
        {
            for (int lane = 0; lane < _engines.Length; lane++)
            {
                if (_engines[lane] is null)
                {
                    var detector = new FrameDetector(_session, _settings);
                    detector.WarmPreprocessing();
                    var engine = new BatchedCameraEngine(this, lane, cameraId, detector, Info);
                    _engines[lane] = engine;
                    _departed &= ~(1u << lane);
                    return engine;
                }
            }
        }
        throw new InvalidOperationException($"all {BatchSize} lanes of the batch are taken; camera '{cameraId}' needs a batch size of at least {BatchSize + 1}");
    }

    /// <summary>The cameras, by lane (a lane no camera took is empty).</summary>
    public IReadOnlyList<string> Cameras
    {
        get
        {
            lock (_gate)
            {
                var ids = new string[_engines.Length];
                for (int i = 0; i < ids.Length; i++)
                {
                    ids[i] = _engines[i]?.CameraId ?? "";
                }
                return ids;
            }
        }
    }

    /// <summary>Runs since start.</summary>
    public long Batches => Volatile.Read(ref _batches);

    /// <summary>Runs that held a frame of every camera.</summary>
    public long FullBatches => Volatile.Read(ref _fullBatches);

    /// <summary>Runs without some camera's frame.</summary>
    public long PartialBatches => Batches - FullBatches;

    /// <summary>Partial runs that waited the whole timeout for a camera that sent nothing.</summary>
    public long TimedOutBatches => Volatile.Read(ref _timedOutBatches);

    /// <summary>Frames run, over all cameras.</summary>
    public long Images => Volatile.Read(ref _images);

    /// <summary>Frames in the batch being gathered now.</summary>
    public int GatheringImages
    {
        get
        {
            lock (_gate)
            {
                return System.Numerics.BitOperations.PopCount(_copied);
            }
        }
    }

    /// <summary>Managed bytes the cameras' infer threads allocated in the batching path after warm-up, outside ONNX Runtime's run (should stay 0).</summary>
    public long AllocatedBytes => Interlocked.Read(ref _allocatedBytes);

    /// <summary>
    /// Disposes the session and slots, after the cameras have stopped. A run still in progress (a stage that
    /// did not finish) keeps them: disposing a session while it runs would crash the process.
    /// </summary>
    public void Dispose()
    {
        bool running;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            running = _running;
            Monitor.PulseAll(_gate);
        }
        if (!running)
        {
            DisposeSlots();
            _session.Dispose();
        }
    }

    private void DisposeSlots()
    {
        foreach (InputSlot? slot in _slots)
        {
            slot?.Dispose();
        }
    }
}
