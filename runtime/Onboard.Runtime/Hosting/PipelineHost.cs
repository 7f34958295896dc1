using Onboard.Runtime.Frames;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Clips.Recording;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// A running process's pipelines: one ZeroMQ context and PUB socket (CURVE and ZAP when configured), one
/// <see cref="PipelinePublisher"/>, and a <see cref="CameraPipeline"/> per camera. <see cref="Stop"/> is the
/// graceful shutdown: cameras stop taking frames, frames in flight finish and are published, a last
/// health report goes out, and disposing flushes the socket (linger) before the context terminates.
/// </summary>
public sealed class PipelineHost : IDisposable
{
    private readonly ZmqContext _context;
    private readonly ZmqSocket _socket;
    private readonly ZapAuthenticator? _authenticator;
    private readonly MonotonicClock _clock;
    private readonly IPipelineEvents _events;
    private readonly List<CameraPipeline> _cameras = [];
    private bool _started;
    private bool _stopped;

    public PipelineHost(PublisherOptions options, MonotonicClock clock, IPipelineEvents events)
    {
        _clock = clock;
        _events = events;
        _context = new ZmqContext();
        try
        {
            if (options.AuthorizedClients.Count > 0)
            {
                if (options.CurveSecretKey is null)
                {
                    throw new ArgumentException("authorised clients need a CURVE server key", nameof(options));
                }
                // Bound before the server socket exists, so no connection is ever admitted unchecked.
                _authenticator = new ZapAuthenticator(_context, options.AuthorizedClients);
            }
            _socket = _context.CreateSocket(ZmqSocketType.Pub);
            _socket.SendHighWatermark = options.SendHighWatermark;
            _socket.Linger = options.Linger;
            if (options.CurveSecretKey is not null)
            {
                _socket.CurveServer = true;
                _socket.CurveSecretKey = options.CurveSecretKey;
                _socket.ZapDomain = "onboard";
            }
            _socket.Bind(options.Endpoint);
            Endpoint = _socket.LastEndpoint;
        }
        catch
        {
            _socket?.Dispose();
            _authenticator?.Dispose();
            _context.Dispose();
            throw;
        }
        Publisher = new PipelinePublisher(_socket, clock, options.HealthInterval);
    }

    /// <summary>The bound endpoint, wildcard port resolved.</summary>
    public string Endpoint { get; }

    internal PipelinePublisher Publisher { get; }

    /// <summary>Set whenever a result waits for the publisher thread; an engine that queues results of its own (a shadow model's) sets it too.</summary>
    public ManualResetEventSlim PublishSignal => Publisher.Signal;
    public IReadOnlyList<CameraPipeline> Cameras => _cameras;
    internal ZapAuthenticator? Authenticator => _authenticator;

    /// <summary>Adds a camera (before <see cref="Start"/>); the pipeline takes ownership of <paramref name="engine"/>.</summary>
    public CameraPipeline AddCamera(CameraPipelineOptions options, Func<IFrameSource> openSource, IDetectionEngine engine)
    {
        foreach (CameraPipeline c in _cameras)
        {
            if (c.CameraId == options.CameraId)
            {
                throw new ArgumentException($"camera '{options.CameraId}' is already added", nameof(options));
            }
        }
        var camera = new CameraPipeline(options, openSource, engine, _clock, _events, Publisher.Signal);
        _cameras.Add(camera);
        Publisher.Add(camera);
        return camera;
    }

    /// <summary>Adds a process-wide part of every camera's Health (before <see cref="Start"/>).</summary>
    public void AddHealthContributor(IHealthContributor contributor) => Publisher.AddHealthContributor(contributor);

    /// <summary>
    /// Runs <paramref name="triggers"/> on <paramref name="camera"/>'s frames (on the publish thread) and, with a
    /// <paramref name="recorder"/>, records its clips: the recorder taps the camera's pixels. Before <see cref="Start"/>.
    /// </summary>
    internal void AddTriggers(CameraPipeline camera, CameraTriggers triggers, CameraRecorder? recorder)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (recorder is not null)
        {
            camera.Tap = recorder; // without clips (a rig's recording) whatever tap the camera has stays
        }
        Publisher.AddStage(camera, socket => new TriggerStage(socket, triggers, recorder, camera.Engine.Info));
    }

    public void Start()
    {
        _started = true;
        Publisher.Start();
        foreach (CameraPipeline c in _cameras)
        {
            c.Start();
        }
    }

    /// <summary>
    /// Graceful shutdown. Returns false if a stage did not finish within <paramref name="timeout"/>
    /// (its frames are then not published; the caller should report it and exit non-zero).
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        if (!_started || _stopped)
        {
            return true;
        }
        _stopped = true;
        long deadline = _clock.NowNs + (long)timeout.TotalNanoseconds;
        foreach (CameraPipeline c in _cameras)
        {
            c.BeginStop();
        }
        bool ok = true;
        foreach (CameraPipeline c in _cameras)
        {
            ok &= c.Join(Remaining(deadline));
        }
        Publisher.BeginStop();
        return Publisher.Join(Remaining(deadline)) && ok;
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(10));
        foreach (CameraPipeline c in _cameras)
        {
            c.Dispose();
        }
        // Closing the socket and terminating the context delivers what is still queued, up to the linger time.
        _socket.Dispose();
        _authenticator?.Dispose();
        _context.Dispose();
        Publisher.Signal.Dispose();
    }

    private TimeSpan Remaining(long deadlineNs) => TimeSpan.FromTicks(Math.Max(0, deadlineNs - _clock.NowNs) / 100);
}
