using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;
using ProtoDetection = Onboard.Runtime.Messaging.Contracts.Detection;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Publishes each frame's detections as <c>[detections/&lt;camera&gt;][DetectionList]</c> on a PUB socket (a shadow
/// model's as <c>[shadow/&lt;camera&gt;][DetectionList]</c>, by a publisher of its own).
/// The protobuf message, its detection and timing objects and the topic bytes are reused, and the message
/// is serialised straight into the frame libzmq sends, so publishing allocates nothing per frame once the
/// detection pool has grown to the largest frame. Owned by the thread that owns the socket.
/// </summary>
internal sealed class DetectionPublisher
{
    public const string TopicPrefix = Topics.DetectionsPrefix;

    /// <summary>A shadow model's detections: a prefix no <c>detections/</c> subscription matches.</summary>
    public const string ShadowTopicPrefix = Topics.ShadowPrefix;

    private readonly IZmqSender _socket;
    private readonly IReadOnlyList<string> _classNames;
    private readonly DetectionList _message = new() { Header = new FrameHeader() };
    private readonly List<ProtoDetection> _detectionPool = [];
    private readonly FrameHeaderWriter _header = new();
    private readonly TopicBytes _topics;

    /// <summary>Publishes the detections of the model <paramref name="info"/> describes, its detection objects built up front.</summary>
    public DetectionPublisher(IZmqSender socket, EngineInfo info, string topicPrefix = TopicPrefix)
        : this(socket, info.ClassNames, info.ModelId, info.ModelVersion, info.MaxDetections, topicPrefix)
    {
    }

    /// <param name="socket">The PUB socket (or any sender).</param>
    /// <param name="classNames">Class names by class id.</param>
    /// <param name="modelId">Model id put in every header.</param>
    /// <param name="modelVersion">Model version put in every header.</param>
    /// <param name="maxDetections">Detection objects to build up front, so even the frame with the most
    /// detections does not allocate (the pool otherwise grows on first need).</param>
    /// <param name="topicPrefix">Put before the camera id: <see cref="TopicPrefix"/>, or <see cref="ShadowTopicPrefix"/> for a shadow model.</param>
    public DetectionPublisher(IZmqSender socket, IReadOnlyList<string> classNames, string modelId, string modelVersion, int maxDetections = 0,
        string topicPrefix = TopicPrefix)
    {
        _socket = socket;
        _topics = new TopicBytes(topicPrefix);
        _classNames = classNames;
        _message.Header.ModelId = modelId;
        _message.Header.ModelVersion = modelVersion;
        for (int i = 0; i < maxDetections; i++)
        {
            _detectionPool.Add(new ProtoDetection());
        }
        _message.Detections.Capacity = Math.Max(_message.Detections.Capacity, maxDetections);
    }

    /// <summary>Messages that could not be queued because the socket's high-water mark was reached.</summary>
    public long Dropped { get; private set; }

    public long Published { get; private set; }

    /// <summary>Serialises and sends one frame; never blocks (a full queue drops the message and counts it).</summary>
    public bool Publish(FrameResult frame, long publishStartNs)
    {
        Fill(frame, publishStartNs);
        bool sent = _socket.TrySendProtobuf(_topics.For(frame.CameraId), _message, dontWait: true) >= 0;
        if (sent)
        {
            Published++;
        }
        else
        {
            Dropped++;
        }
        return sent;
    }

    private void Fill(FrameResult frame, long publishStartNs)
    {
        _header.Fill(_message.Header, frame, publishStartNs);
        _message.ImageWidth = (uint)frame.ImageWidth;
        _message.ImageHeight = (uint)frame.ImageHeight;
        _message.Detections.Clear();
        ReadOnlySpan<Kernels.Postprocess.Detection> detections = frame.ValidDetections;
        while (_detectionPool.Count < detections.Length)
        {
            _detectionPool.Add(new ProtoDetection());
        }
        for (int i = 0; i < detections.Length; i++)
        {
            ref readonly Kernels.Postprocess.Detection d = ref detections[i];
            ProtoDetection p = _detectionPool[i];
            p.X1 = d.Box.X1;
            p.Y1 = d.Box.Y1;
            p.X2 = d.Box.X2;
            p.Y2 = d.Box.Y2;
            p.Score = d.Score;
            p.ClassId = d.ClassId;
            p.ClassName = (uint)d.ClassId < (uint)_classNames.Count ? _classNames[d.ClassId] : "";
            _message.Detections.Add(p);
        }
    }
}
