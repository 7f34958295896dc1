using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// The process's publishing stage, on its own thread ("publish"): drains every camera's
/// <see cref="CameraPipeline.Output"/>, sends each frame's <see cref="DetectionList"/>, sends every camera's
/// <see cref="Health"/> once per interval, and returns contexts to their cameras. One thread owns the PUB
/// socket because libzmq sockets are single-threaded and subscribers want one endpoint for every topic;
/// sends never block (PUB drops at a subscriber's high-water mark), so a slow subscriber cannot stall a camera.
/// A camera with a shadow model also has its <see cref="CameraShadow.Results"/> drained here, sent on
/// <c>shadow/&lt;camera&gt;</c> by a publisher of their own with the shadow model's identity.
/// </summary>
/// <remarks>
/// Thread ownership: <c>_cameras</c> is filled before <see cref="Start"/> and read-only after; the socket and
/// every <see cref="DetectionPublisher"/>/<see cref="HealthPublisher"/> belong to the publish thread from
/// <see cref="Start"/> until <see cref="Join"/> returns (Thread.Start/Join are the barriers that hand the
/// socket over and back). <see cref="Signal"/> is set by camera infer threads and reset only here.
/// </remarks>
internal sealed class PipelinePublisher
{
    private readonly IZmqSender _socket;
    private readonly MonotonicClock _clock;
    private readonly long _healthIntervalNs;
    private readonly List<Entry> _cameras = [];
    // Filled before Start, read-only after (like _cameras); every HealthPublisher holds this list.
    private readonly List<IHealthContributor> _healthContributors = [];
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _published;
    private long _allocatedBytes;

    public PipelinePublisher(IZmqSender socket, MonotonicClock clock, TimeSpan healthInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(healthInterval, TimeSpan.Zero);
        _socket = socket;
        _clock = clock;
        _healthIntervalNs = (long)healthInterval.TotalNanoseconds;
        _thread = new Thread(Loop) { Name = "publish", IsBackground = true };
    }

    /// <summary>Set when any camera has a frame ready; pass it to every <see cref="CameraPipeline"/> this publisher serves.</summary>
    public ManualResetEventSlim Signal { get; } = new(false);

    /// <summary>Managed bytes the publish thread allocated per frame (primary and shadow) after warm-up (should stay 0).</summary>
    public long AllocatedBytes => Volatile.Read(ref _allocatedBytes);

    /// <summary>Adds a camera before <see cref="Start"/>; its output must have been created with <see cref="Signal"/>.</summary>
    public void Add(CameraPipeline camera)
    {
        if (_thread.IsAlive)
        {
            throw new InvalidOperationException("cameras are added before the publisher starts");
        }
        CameraShadow? shadow = camera.Shadow;
        _cameras.Add(new Entry(
            camera,
            new DetectionPublisher(_socket, camera.Engine.Info),
            new HealthPublisher(_socket, camera.Metrics, camera.Engine, camera.Options.Deadline, _clock.NowNs, _healthContributors),
            camera.Tracking is null ? null : new TrackPublisher(_socket, camera.Engine.Info, camera.Tracking),
            shadow,
            shadow is null ? null : new DetectionPublisher(_socket, shadow.Info, DetectionPublisher.ShadowTopicPrefix)));
    }

    /// <summary>Adds a process-wide part of every camera's Health, before <see cref="Start"/>.</summary>
    public void AddHealthContributor(IHealthContributor contributor)
    {
        if (_thread.IsAlive)
        {
            throw new InvalidOperationException("health contributors are added before the publisher starts");
        }
        _healthContributors.Add(contributor);
    }

    /// <summary>Runs the stage <paramref name="create"/> makes with this thread's socket on the camera's frames, before <see cref="Start"/>.</summary>
    public void AddStage(CameraPipeline camera, Func<IZmqSender, IPublishStage> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (_thread.IsAlive)
        {
            throw new InvalidOperationException("publish stages are added before the publisher starts");
        }
        _cameras.Find(e => e.Camera == camera)!.Stage = create(_socket);
    }

    /// <summary>The last health report built for <paramref name="cameraId"/>, or null.</summary>
    public Health? LastHealth(string cameraId)
    {
        foreach (Entry e in _cameras)
        {
            if (e.Camera.CameraId == cameraId)
            {
                return e.Health.Published > 0 ? e.Health.Last : null;
            }
        }
        return null;
    }

    public void Start() => _thread.Start();

    /// <summary>
    /// Finish after the cameras: keeps publishing until every camera's output is completed and drained
    /// (call the cameras' <see cref="CameraPipeline.BeginStop"/> first), sends a last health report per
    /// camera, and exits.
    /// </summary>
    public void BeginStop()
    {
        _stopping = true;
        Signal.Set();
    }

    public bool Join(TimeSpan timeout) => !_thread.IsAlive || _thread.Join(timeout);

    private void Loop()
    {
        long nextHealth = _clock.NowNs + _healthIntervalNs;
        while (true)
        {
            Signal.Reset();
            bool any = false;
            foreach (Entry e in _cameras)
            {
                while (e.Camera.Output.TryTake(out FrameContext context))
                {
                    Publish(e, context);
                    any = true;
                }
                while (e.Shadow is { } shadow && shadow.Results.Queue.TryTake(out FrameResult result))
                {
                    PublishShadow(e, shadow, result);
                    any = true;
                }
            }
            long now = _clock.NowNs;
            if (now >= nextHealth)
            {
                foreach (Entry e in _cameras)
                {
                    e.Stage?.Tick(now);
                }
                PublishHealth(now);
                nextHealth = Math.Max(nextHealth + _healthIntervalNs, now + _healthIntervalNs / 2);
            }
            if (_stopping && AllFinished())
            {
                break;
            }
            if (!any)
            {
                long waitNs = Math.Clamp(nextHealth - now, 0, 50_000_000);
                Signal.Wait(TimeSpan.FromTicks(waitNs / 100));
            }
        }
        foreach (Entry e in _cameras)
        {
            e.Stage?.Finish();
        }
        PublishHealth(_clock.NowNs);
    }

    private void Publish(Entry e, FrameContext context)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        FrameResult r = context.Result;
        var metrics = e.Camera.Metrics;
        long t0 = _clock.NowNs;
        r.Late = r.DeadlineMonoNs != 0 && t0 > r.DeadlineMonoNs;
        if (e.Detections.Publish(r, t0))
        {
            // The frame's tracks follow its detections, with the same header; counted apart if ZeroMQ refuses them.
            if (e.Tracks is { } tracks && !tracks.Publish(r, t0))
            {
                metrics.TrackListDropped();
            }
            long t1 = _clock.NowNs;
            metrics.FramePublished(r.Late);
            metrics.Stage(Stage.Publish).Record(t1 - t0);
            if (r.CaptureMonoNs > 0 && r.CaptureMonoNs <= t1)
            {
                metrics.EndToEnd.Record(t1 - r.CaptureMonoNs);
            }
        }
        else
        {
            metrics.Dropped(DropReason.SendQueueFull);
        }
        e.Stage?.OnFrame(r);
        e.Camera.Recycle(context);
        if (++_published > CameraPipeline.WarmupFrames * _cameras.Count)
        {
            Volatile.Write(ref _allocatedBytes, _allocatedBytes + GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        }
    }

    private void PublishShadow(Entry e, CameraShadow shadow, FrameResult result)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        bool sent = e.ShadowDetections!.Publish(result, _clock.NowNs);
        e.Stage?.OnShadow(result);
        shadow.Results.Return(result, sent);
        if (_published > CameraPipeline.WarmupFrames * _cameras.Count && shadow.Results.Published > CameraPipeline.WarmupFrames)
        {
            Volatile.Write(ref _allocatedBytes, _allocatedBytes + GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        }
    }

    private void PublishHealth(long now)
    {
        long utc = _clock.UtcNowNs;
        foreach (Entry e in _cameras)
        {
            e.Health.Publish(now, utc);
        }
    }

    private bool AllFinished()
    {
        foreach (Entry e in _cameras)
        {
            if (!e.Camera.Output.IsFinished || (e.Shadow is { } shadow && !shadow.Results.Queue.IsFinished))
            {
                return false;
            }
        }
        return true;
    }

    private sealed record Entry(CameraPipeline Camera, DetectionPublisher Detections, HealthPublisher Health, TrackPublisher? Tracks,
        CameraShadow? Shadow, DetectionPublisher? ShadowDetections)
    {
        /// <summary>The camera's triggers (null: none), set before the publisher starts.</summary>
        public IPublishStage? Stage { get; set; }
    }
}
