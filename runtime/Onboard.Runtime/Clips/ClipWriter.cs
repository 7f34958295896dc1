using Foxglove;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Clips;

/// <summary>
/// A clip or recording as one MCAP file with the channels of the clip contract (runtime/Onboard.Runtime/Clips/README.md):
/// <c>/&lt;camera&gt;/image</c> (foxglove.CompressedImage, jpeg), <c>/&lt;camera&gt;/annotations</c>
/// (foxglove.ImageAnnotations), <c>/&lt;camera&gt;/detections</c>, <c>/tracks</c>, <c>/shadow</c>,
/// <c>/ground_truth</c> (our protobufs), <c>/triggers</c>, and the <c>lineage</c> Metadata record. Every channel is
/// protobuf with its FileDescriptorSet as schema; each schema is written once however many channels use it.
/// Log time = the frame's capture time (UTC ns); publish time = when the writer was handed it, when the caller
/// knows it, else the capture time.
/// <para>Any protobuf message type goes on a camera channel through <see cref="Write{T}"/>: when TrackList lands,
/// tracks are <c>clip.Write(camera, ClipTopics.Tracks, list.Header.CaptureUtcNs, (uint)list.Header.Sequence, list)</c>.</para>
/// <para>Public: it is the clip contract's one writer, and the HIL rig records its sessions through it (the same
/// channels as a clip, so every clip reader opens a recording).</para>
/// </summary>
public sealed class ClipWriter : IDisposable
{
    private const string Jpeg = "jpeg";

    private readonly McapWriter _mcap;
    private readonly Dictionary<string, ushort> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClipCamera> _cameras = new(StringComparer.Ordinal);
    private ushort _triggers;
    private uint _triggerSequence;

    public ClipWriter(Stream output)
        : this(output, null)
    {
    }

    internal ClipWriter(Stream output, McapWriterOptions? options)
    {
        _mcap = new McapWriter(output, options);
    }

    internal McapWriter Mcap => _mcap;

    public ClipCamera Camera(string cameraId)
    {
        ArgumentException.ThrowIfNullOrEmpty(cameraId);
        if (!_cameras.TryGetValue(cameraId, out var camera))
        {
            _cameras[cameraId] = camera = new ClipCamera(cameraId);
        }
        return camera;
    }

    /// <summary>Registers a protobuf channel (its schema once per message type); returns its id.</summary>
    public ushort Channel(string topic, MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!_schemas.TryGetValue(descriptor.FullName, out ushort schema))
        {
            _schemas[descriptor.FullName] = schema = McapProtobufSchema.AddTo(_mcap, descriptor);
        }
        return _mcap.AddChannel(schema, topic, McapProtobufSchema.Encoding);
    }

    /// <summary>A frame's JPEG as foxglove.CompressedImage (frame_id = the camera), serialised in place.</summary>
    public void WriteImage(ClipCamera camera, long captureUtcNs, uint sequence, ReadOnlySpan<byte> jpeg, long publishUtcNs = 0)
    {
        ArgumentNullException.ThrowIfNull(camera);
        ushort channel = ChannelFor(camera, ClipTopics.Image, CompressedImage.Descriptor);
        int size = CompressedImageEncoder.Size(captureUtcNs, camera.Id, jpeg.Length, Jpeg);
        var span = _mcap.ReserveMessage(channel, sequence, (ulong)captureUtcNs, Publish(captureUtcNs, publishUtcNs), size);
        CompressedImageEncoder.Write(span, captureUtcNs, camera.Id, jpeg, Jpeg);
    }

    /// <summary>Boxes for Foxglove to draw on the image of the same capture time.</summary>
    public void WriteAnnotations(ClipCamera camera, long captureUtcNs, uint sequence, ReadOnlySpan<ClipBox> boxes) =>
        Write(camera, ClipTopics.Annotations, captureUtcNs, sequence, ClipAnnotations.Build(captureUtcNs, boxes));

    /// <summary>The primary model's detections, at their frame's capture time.</summary>
    public void WriteDetections(ClipCamera camera, DetectionList detections) =>
        Write(camera, ClipTopics.Detections, detections.Header.CaptureUtcNs, (uint)detections.Header.Sequence, detections);

    /// <summary>The shadow model's detections of the same frame.</summary>
    public void WriteShadow(ClipCamera camera, DetectionList detections) =>
        Write(camera, ClipTopics.Shadow, detections.Header.CaptureUtcNs, (uint)detections.Header.Sequence, detections);

    /// <summary>Any protobuf message on <c>/&lt;camera&gt;/&lt;kind&gt;</c> (tracks, ground_truth, …).</summary>
    public void Write<T>(ClipCamera camera, string kind, long captureUtcNs, uint sequence, T message, long publishUtcNs = 0)
        where T : IMessage
    {
        ArgumentNullException.ThrowIfNull(camera);
        ArgumentNullException.ThrowIfNull(message);
        ushort channel = ChannelFor(camera, kind, message.Descriptor);
        _mcap.WriteMessage(channel, sequence, (ulong)captureUtcNs, Publish(captureUtcNs, publishUtcNs), message);
    }

    /// <summary>A trigger firing on <c>/triggers</c>, at the capture time of the frame that made it fire.</summary>
    public void WriteTrigger<T>(long captureUtcNs, T triggerEvent) where T : IMessage
    {
        ArgumentNullException.ThrowIfNull(triggerEvent);
        if (_triggers == 0)
        {
            _triggers = Channel(ClipTopics.Triggers, triggerEvent.Descriptor);
        }
        _mcap.WriteMessage(_triggers, _triggerSequence++, (ulong)captureUtcNs, (ulong)captureUtcNs, triggerEvent);
    }

    public void WriteLineage(ClipLineage lineage)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        _mcap.WriteMetadata(ClipTopics.LineageRecord, lineage.ToMetadata());
    }

    /// <summary>A Metadata record beside <c>lineage</c> (a recording's run parameters, its scenario).</summary>
    public void WriteMetadata(string name, IReadOnlyDictionary<string, string> record) => _mcap.WriteMetadata(name, record);

    /// <summary>Writes the summary and footer; then commit the file (<see cref="AtomicFile.Commit"/>).</summary>
    public void Finish() => _mcap.Finish();

    public void Dispose() => _mcap.Dispose();

    private ushort ChannelFor(ClipCamera camera, string kind, MessageDescriptor descriptor)
    {
        if (!camera.TryGetChannel(kind, out ushort channel))
        {
            channel = Channel(ClipTopics.Topic(camera.Id, kind), descriptor);
            camera.SetChannel(kind, channel);
        }
        return channel;
    }

    private static ulong Publish(long captureUtcNs, long publishUtcNs) => (ulong)(publishUtcNs != 0 ? publishUtcNs : captureUtcNs);
}
