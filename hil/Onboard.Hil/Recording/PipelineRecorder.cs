using System.Collections.Concurrent;
using System.Globalization;
using Foxglove;
using Google.Protobuf;
using Onboard.Hil.Recording.Contracts;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Imaging;
using Onboard.Runtime.Messaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Hil.Recording;

/// <summary>
/// Records a running pipeline into one MCAP file with the clip contract's channels: each camera's frames
/// (<c>/&lt;camera&gt;/image</c>, lossless foxglove.RawImage or JPEG), its ground truth when the source has it
/// (<c>/ground_truth</c>), and everything the process publishes — <c>/detections</c> (with
/// <c>/annotations</c> for Foxglove to draw), <c>/tracks</c>, <c>/shadow</c>, <c>/health</c>, and every trigger firing
/// (<c>triggers/&lt;camera&gt;</c>, what the run's trigger stage publishes) on <c>/triggers</c>, as a clip lists them.
/// <para>It is a subscriber like any other: its own thread and ZeroMQ SUB on the process's endpoint, so publishing
/// never waits for it; frames reach it through <see cref="FrameTap"/>s (one copy on the ingest thread). All MCAP
/// writing happens on the recorder thread.</para>
/// </summary>
internal sealed class PipelineRecorder : IDisposable
{
    private static readonly TimeSpan s_receiveTimeout = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_quiet = TimeSpan.FromMilliseconds(300);

    private readonly ClipWriter _clip;
    private readonly RecorderOptions _options;
    private readonly ConcurrentQueue<RecordedFrame> _ready = new();
    private readonly Dictionary<string, ConcurrentBag<RecordedFrame>> _pools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FrameGate> _gates = new(StringComparer.Ordinal);
    private readonly List<FrameTap> _taps = [];
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _healthSequence = new(StringComparer.Ordinal);
    private readonly GroundTruthList _truth = new();
    private Thread? _thread;
    private string _endpoint = "";
    private volatile bool _stopping;
    private Exception? _failure;
    private long _firstUtcNs;
    private long _lastUtcNs;

    public PipelineRecorder(Stream output, RecorderOptions? options = null)
    {
        _clip = new ClipWriter(output);
        _options = options ?? new RecorderOptions();
    }

    /// <summary>Messages written per topic (images and ground truth included), once stopped.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long ImagesDropped => _taps.Sum(t => t.ImagesDropped);

    public IReadOnlyList<FrameTap> Taps => _taps;

    /// <summary>The gate a camera's HIL source waits on (created on first ask).</summary>
    public FrameGate Gate(string cameraId)
    {
        if (!_gates.TryGetValue(cameraId, out FrameGate? gate))
        {
            _gates[cameraId] = gate = new FrameGate();
        }
        return gate;
    }

    /// <summary>Wraps camera <paramref name="cameraId"/>'s source; call on its ingest thread (from the source factory).</summary>
    public IFrameSource Tap(string cameraId, IFrameSource inner)
    {
        ConcurrentBag<RecordedFrame> pool;
        lock (_pools)
        {
            if (!_pools.TryGetValue(cameraId, out pool!))
            {
                _pools[cameraId] = pool = [];
                for (int i = 0; i < _options.PooledFrames; i++)
                {
                    pool.Add(new RecordedFrame());
                }
            }
        }
        var tap = new FrameTap(cameraId, inner, _ready, pool);
        lock (_taps)
        {
            _taps.Add(tap);
        }
        return tap;
    }

    /// <summary>Starts the recorder thread, subscribed to <paramref name="endpoint"/> (the host's bound endpoint).</summary>
    public void Start(string endpoint)
    {
        _endpoint = endpoint.Replace("tcp://*:", "tcp://127.0.0.1:", StringComparison.Ordinal).Replace("tcp://0.0.0.0:", "tcp://127.0.0.1:", StringComparison.Ordinal);
        _thread = new Thread(Loop) { Name = "recorder", IsBackground = true };
        _thread.Start();
    }

    /// <summary>After the pipeline has stopped: writes what is still coming (until the endpoint is quiet), the
    /// metadata records, the summary. Throws what failed on the recorder thread.</summary>
    public void Stop(IReadOnlyDictionary<string, string> lineage, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> metadata)
    {
        _stopping = true;
        _thread?.Join();
        if (_failure is not null)
        {
            throw new IOException("the recorder failed: " + _failure.Message, _failure);
        }
        var map = new Dictionary<string, string>(lineage, StringComparer.Ordinal)
        {
            ["start_time_ns"] = _firstUtcNs.ToString(CultureInfo.InvariantCulture),
            ["end_time_ns"] = _lastUtcNs.ToString(CultureInfo.InvariantCulture),
            ["start_time"] = ClipTime.Iso(_firstUtcNs),
            ["end_time"] = ClipTime.Iso(_lastUtcNs),
        };
        _clip.WriteMetadata(ClipTopics.LineageRecord, map);
        foreach ((string name, IReadOnlyDictionary<string, string> record) in metadata)
        {
            _clip.WriteMetadata(name, record);
        }
        _clip.Finish();
    }

    public void Dispose() => _clip.Dispose();

    private void Loop()
    {
        try
        {
            using var context = new ZmqContext();
            using var socket = context.CreateSocket(ZmqSocketType.Sub);
            socket.Linger = TimeSpan.Zero;
            socket.ReceiveHighWatermark = 0;
            socket.ReceiveTimeout = s_receiveTimeout;
            socket.Subscribe(Topics.DetectionsPrefix);
            socket.Subscribe(Topics.ShadowPrefix);
            socket.Subscribe(Topics.TracksPrefix);
            socket.Subscribe(Topics.TriggersPrefix);
            socket.Subscribe(Topics.Health);
            socket.Connect(_endpoint);
            var message = new ZmqMessage();
            long quietSince = 0;
            try
            {
                while (true)
                {
                    bool busy = DrainFrames();
                    for (int i = 0; i < 64 && socket.TryReceive(ref message, dontWait: i > 0); i++)
                    {
                        string topic = System.Text.Encoding.UTF8.GetString(message.Data);
                        if (message.More && socket.TryReceive(ref message, dontWait: false))
                        {
                            Write(topic, message.Data);
                        }
                        socket.SkipRemainingFrames(ref message);
                        busy = true;
                    }
                    if (!_stopping)
                    {
                        continue;
                    }
                    long now = Environment.TickCount64;
                    if (busy || quietSince == 0)
                    {
                        quietSince = now;
                    }
                    else if (now - quietSince >= s_quiet.TotalMilliseconds && _ready.IsEmpty)
                    {
                        break;
                    }
                }
            }
            finally
            {
                message.Dispose();
            }
        }
        catch (Exception e) when (e is IOException or ZmqException or InvalidProtocolBufferException or ArgumentException)
        {
            _failure = e;
            foreach (FrameGate gate in _gates.Values)
            {
                gate.SetReady();
            }
        }
    }

    private bool DrainFrames()
    {
        bool any = false;
        while (_ready.TryDequeue(out RecordedFrame? frame))
        {
            any = true;
            WriteFrame(frame);
            frame.Truth = null;
            _pools[frame.CameraId].Add(frame);
        }
        return any;
    }

    private void WriteFrame(RecordedFrame frame)
    {
        FrameDescriptor d = frame.Descriptor;
        string cameraId = frame.CameraId;
        ClipCamera camera = _clip.Camera(cameraId);
        uint sequence = (uint)d.Sequence;
        Seen(d.CaptureUtcNs);
        var pixels = frame.Buffer.AsSpan(0, frame.Length);
        if (_options.Jpeg)
        {
            var view = new ImageView(pixels, d.Width, d.Height, d.Format, d.Stride);
            _clip.WriteImage(camera, d.CaptureUtcNs, sequence, ImageCodec.EncodeJpeg(view, _options.JpegQuality));
        }
        else
        {
            _clip.Write(camera, ClipTopics.Image, d.CaptureUtcNs, sequence, new RawImage
            {
                Timestamp = Timestamp(d.CaptureUtcNs),
                FrameId = cameraId,
                Width = (uint)d.Width,
                Height = (uint)d.Height,
                Encoding = RawEncoding.Of(d.Format),
                Step = (uint)d.Stride,
                Data = ByteString.CopyFrom(pixels),
            });
        }
        Count(ClipTopics.Topic(cameraId, ClipTopics.Image));
        if (frame.Truth is { } source)
        {
            _truth.Objects.Clear();
            _truth.Events.Clear();
            _truth.CameraId = cameraId;
            _truth.Sequence = d.Sequence;
            _truth.CaptureUtcNs = d.CaptureUtcNs;
            source.Truth(d.Sequence, _truth);
            _clip.Write(camera, ClipTopics.GroundTruth, d.CaptureUtcNs, sequence, _truth);
            Count(ClipTopics.Topic(cameraId, ClipTopics.GroundTruth));
        }
    }

    private void Write(string topic, ReadOnlySpan<byte> payload)
    {
        if (topic == Topics.Health)
        {
            Health health = Health.Parser.ParseFrom(payload);
            // The first health report proves the subscription is live: HIL sources may start.
            foreach (FrameGate gate in _gates.Values)
            {
                gate.SetReady();
            }
            _healthSequence.TryGetValue(health.CameraId, out uint n);
            _healthSequence[health.CameraId] = n + 1;
            _clip.Write(_clip.Camera(health.CameraId), "health", health.TimeUtcNs, n, health);
            Count(ClipTopics.Topic(health.CameraId, "health"));
            return;
        }
        int slash = topic.IndexOf('/', StringComparison.Ordinal);
        string kind = topic[..slash], cameraId = topic[(slash + 1)..];
        ClipCamera camera = _clip.Camera(cameraId);
        switch (kind + "/")
        {
            case Topics.DetectionsPrefix:
            {
                DetectionList list = DetectionList.Parser.ParseFrom(payload);
                _clip.WriteDetections(camera, list);
                var boxes = new ClipBox[list.Detections.Count];
                for (int i = 0; i < boxes.Length; i++)
                {
                    boxes[i] = ClipBox.From(list.Detections[i]);
                }
                _clip.WriteAnnotations(camera, list.Header.CaptureUtcNs, (uint)list.Header.Sequence, boxes);
                Count(ClipTopics.Topic(cameraId, ClipTopics.Detections));
                if (_gates.TryGetValue(cameraId, out FrameGate? gate))
                {
                    gate.Complete(list.Header.Sequence);
                }
                break;
            }
            case Topics.ShadowPrefix:
                _clip.WriteShadow(camera, DetectionList.Parser.ParseFrom(payload));
                Count(ClipTopics.Topic(cameraId, ClipTopics.Shadow));
                break;
            case Topics.TracksPrefix:
            {
                TrackList list = TrackList.Parser.ParseFrom(payload);
                _clip.Write(camera, ClipTopics.Tracks, list.Header.CaptureUtcNs, (uint)list.Header.Sequence, list);
                Count(ClipTopics.Topic(cameraId, ClipTopics.Tracks));
                break;
            }
            case Topics.TriggersPrefix:
            {
                TriggerEvent e = TriggerEvent.Parser.ParseFrom(payload);
                _clip.WriteTrigger(e.Header.CaptureUtcNs, e);
                Count(ClipTopics.Triggers);
                break;
            }
        }
    }

    private void Seen(long utcNs)
    {
        _firstUtcNs = _firstUtcNs == 0 ? utcNs : Math.Min(_firstUtcNs, utcNs);
        _lastUtcNs = Math.Max(_lastUtcNs, utcNs);
    }

    private void Count(string topic)
    {
        _counts.TryGetValue(topic, out long n);
        _counts[topic] = n + 1;
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp Timestamp(long utcNs) =>
        new() { Seconds = Math.DivRem(utcNs, 1_000_000_000, out long ns), Nanos = (int)ns };
}
