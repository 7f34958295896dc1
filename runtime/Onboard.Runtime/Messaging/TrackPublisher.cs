using Onboard.Kernels.Tracking;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Messaging.Zmq;
using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Messaging;

/// <summary>
/// Publishes each tracked frame's confirmed tracks as <c>[tracks/&lt;camera&gt;][TrackList]</c>, right after its
/// <see cref="DetectionList"/>, with the same header. The message and every track object are reused
/// (<see cref="TrackListWriter"/>), and it is serialised straight into the frame libzmq sends: nothing is
/// allocated per frame. Owned by the thread that owns the socket.
/// </summary>
internal sealed class TrackPublisher
{
    private readonly IZmqSender _socket;
    private readonly TrackListWriter _writer;
    private readonly FrameHeaderWriter _header = new();
    private readonly TopicBytes _topics = new(Topics.TracksPrefix);
    private readonly TrackList _message = new() { Header = new FrameHeader() };

    public TrackPublisher(IZmqSender socket, EngineInfo info, TrackerSettings settings)
    {
        _socket = socket;
        _writer = new TrackListWriter(info.ClassNames, settings);
        _message.Header.ModelId = info.ModelId;
        _message.Header.ModelVersion = info.ModelVersion;
    }

    public long Published { get; private set; }

    /// <summary>Messages ZeroMQ could not queue (the send high-water mark): counted, never waited for.</summary>
    public long Dropped { get; private set; }

    /// <summary>Sends <paramref name="frame"/>'s tracks; never blocks.</summary>
    public bool Publish(FrameResult frame, long publishStartNs)
    {
        TrackSet tracks = frame.Tracks!;
        _header.Fill(_message.Header, frame, publishStartNs);
        _message.ImageWidth = (uint)frame.ImageWidth;
        _message.ImageHeight = (uint)frame.ImageHeight;
        _writer.Fill(_message, tracks);
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
}
