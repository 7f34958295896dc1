using Foxglove;
using Google.Protobuf;
using Onboard.Hil.Recording.Contracts;
using Onboard.Runtime.Clips;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Hil.Replay;

/// <summary>
/// A recording read back (every CRC checked, front to back): per camera its images, ground truth, detections, tracks,
/// shadow outputs, health and trigger firings, the lineage and the other metadata records. A truncated or corrupt file, or a message
/// that does not decode as its channel's type, is a <see cref="RecordingException"/> naming the file and the place.
/// </summary>
public sealed class RecordingFile
{
    private RecordingFile(string path) => Path = path;

    public string Path { get; }

    public ClipLineage Lineage { get; private set; } = new();

    public Dictionary<string, IReadOnlyDictionary<string, string>> Metadata { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, RecordedCamera> Cameras { get; } = new(StringComparer.Ordinal);

    /// <summary>Message count per topic.</summary>
    public SortedDictionary<string, long> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="path"/>; <paramref name="images"/> false keeps only which frames there are, not their pixels (compare, eval).</summary>
    public static RecordingFile Read(string path, bool images = true)
    {
        var file = new RecordingFile(path);
        var handler = new Handler(file, images);
        McapReadResult result;
        try
        {
            using McapReader reader = McapReader.Open(path);
            result = reader.Scan(handler);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecordingException($"{path}: cannot read: {e.Message}");
        }
        if (handler.Error is { } error)
        {
            throw new RecordingException($"{path}: {error}");
        }
        if (!result.Complete)
        {
            throw Incomplete(path, result);
        }
        foreach (RecordedCamera camera in file.Cameras.Values)
        {
            camera.Images.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        }
        return file;
    }

    /// <summary>The error for a read that stopped before the end (a truncated or corrupt file), naming where.</summary>
    internal static RecordingException Incomplete(string path, McapReadResult result) =>
        new($"{path}: not a complete recording: {result.Stop} ({result.MessagesRead} messages before it)");

    /// <summary>A camera's recorded data, or an error naming the channels the file does have.</summary>
    public RecordedCamera Camera(string id, string needed)
    {
        string topic = ClipTopics.Topic(id, needed);
        if (!Topics.ContainsKey(topic) || !Cameras.TryGetValue(id, out RecordedCamera? camera))
        {
            throw new RecordingException($"{Path}: no {topic} channel (channels: {string.Join(", ", Topics.Keys)})");
        }
        return camera;
    }

    /// <summary>
    /// A camera a replay can stream (<see cref="ImageStream"/>): it has images, recorded in sequence order — the
    /// recorder writes each camera's frames as its ingest thread hands them over, so they are, and a file that breaks
    /// it is refused naming the place rather than held in memory to be sorted.
    /// </summary>
    public RecordedCamera Replayable(string id)
    {
        RecordedCamera camera = Camera(id, ClipTopics.Image);
        if (camera.OutOfOrder is { } place)
        {
            throw new RecordingException($"{Path}: {place}: a replay streams each camera's frames in file order, which must be sequence order");
        }
        return camera;
    }

    public string? MetadataValue(string record, string key) =>
        Metadata.TryGetValue(record, out var map) && map.TryGetValue(key, out string? value) ? value : null;

    private sealed class Handler(RecordingFile file, bool images) : IMcapHandler
    {
        private readonly Dictionary<ushort, string> _schemas = [];
        private readonly Dictionary<ushort, (string Topic, string Schema)> _channels = [];

        public string? Error { get; private set; }

        public void OnSchema(McapSchema schema) => _schemas[schema.Id] = schema.Name;

        public void OnChannel(McapChannel channel) =>
            _channels[channel.Id] = (channel.Topic, _schemas.TryGetValue(channel.SchemaId, out string? s) ? s : "");

        public void OnMetadata(McapMetadata metadata)
        {
            if (metadata.Name == ClipTopics.LineageRecord)
            {
                file.Lineage = ClipLineage.FromMetadata(metadata.Entries);
            }
            file.Metadata[metadata.Name] = metadata.Entries;
        }

        public void OnMessage(in McapMessage message)
        {
            if (Error is not null || !_channels.TryGetValue(message.Channel.Id, out var channel))
            {
                return;
            }
            file.Topics.TryGetValue(channel.Topic, out long n);
            file.Topics[channel.Topic] = n + 1;
            try
            {
                if (channel.Topic == ClipTopics.Triggers)
                {
                    // One channel for every camera: the event's header names it.
                    TriggerEvent e = TriggerEvent.Parser.ParseFrom(message.Data);
                    CameraOf(e.Header?.CameraId ?? "").Triggers.Add(e);
                    return;
                }
                string[] parts = channel.Topic.Split('/');
                if (parts.Length == 3 && parts[0].Length == 0)
                {
                    Add(CameraOf(parts[1]), parts[2], channel.Schema, message);
                }
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or FormatException)
            {
                Error = $"{channel.Topic} message {n} (log time {message.LogTime} ns): not a valid {channel.Schema}: {e.Message}";
            }
        }

        private RecordedCamera CameraOf(string id)
        {
            if (!file.Cameras.TryGetValue(id, out RecordedCamera? camera))
            {
                file.Cameras[id] = camera = new RecordedCamera(id);
            }
            return camera;
        }

        private void Add(RecordedCamera camera, string kind, string schema, in McapMessage m)
        {
            ReadOnlySpan<byte> data = m.Data;
            if (kind == ClipTopics.Image && camera.OutOfOrder is null && camera.Images.Count > 0 && camera.Images[^1].Sequence >= m.Sequence)
            {
                camera.OutOfOrder = $"/{camera.Id}/image message {camera.Images.Count} (log time {m.LogTime} ns): frame {m.Sequence} after frame {camera.Images[^1].Sequence}";
            }
            switch (kind)
            {
                case ClipTopics.Image when !images:
                    // Which frames are there is enough for compare and eval.
                    camera.Images.Add(new RecordedImage(m.Sequence, (long)m.LogTime, "", 0, 0, 0, []));
                    break;
                case ClipTopics.Image when schema == RawImage.Descriptor.FullName || schema == CompressedImage.Descriptor.FullName:
                {
                    // The replay's stream reads images with the same reader (ImageMessage): one decoding of a frame.
                    bool compressed = schema == CompressedImage.Descriptor.FullName;
                    if (ImageMessage.TryRead(data, compressed, out ImageMessage image) is { } bad)
                    {
                        throw new FormatException(bad);
                    }
                    camera.Images.Add(new RecordedImage(m.Sequence, (long)m.LogTime, System.Text.Encoding.UTF8.GetString(image.Encoding),
                        (int)image.Width, (int)image.Height, (int)image.Step, image.Data.ToArray()));
                    break;
                }
                case ClipTopics.GroundTruth:
                {
                    GroundTruthList truth = GroundTruthList.Parser.ParseFrom(data);
                    camera.Truth[truth.Sequence] = truth;
                    break;
                }
                case ClipTopics.Detections:
                {
                    DetectionList list = DetectionList.Parser.ParseFrom(data);
                    camera.Detections[list.Header.Sequence] = list;
                    break;
                }
                case ClipTopics.Shadow:
                {
                    DetectionList list = DetectionList.Parser.ParseFrom(data);
                    camera.Shadow[list.Header.Sequence] = list;
                    break;
                }
                case ClipTopics.Tracks:
                {
                    TrackList list = TrackList.Parser.ParseFrom(data);
                    camera.Tracks[list.Header.Sequence] = list;
                    break;
                }
                case "health":
                    camera.Health.Add(Health.Parser.ParseFrom(data));
                    break;
            }
        }
    }
}
