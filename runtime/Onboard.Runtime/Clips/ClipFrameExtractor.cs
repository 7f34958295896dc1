using System.Globalization;
using System.Text.Json;
using Foxglove;
using Onboard.Runtime.Clips.Mcap;

namespace Onboard.Runtime.Clips;

/// <summary>
/// Writes a clip's frames as JPEG files, <c>DIR/&lt;camera&gt;/&lt;sequence&gt;.jpg</c>, with the boxes of each
/// frame's annotations (drawn by the <see cref="IClipFrameDrawer"/>) and listed in <c>DIR/frames.jsonl</c>. Two
/// passes over the file — annotations, then images — so memory holds boxes, never all the frames.
/// </summary>
public static class ClipFrameExtractor
{
    public static (int Frames, McapReadResult Result) Extract(McapReader reader, string directory, IClipFrameDrawer drawer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(drawer);
        var boxes = new AnnotationCollector();
        var first = reader.ReadMessages(boxes, static c => c.Topic.EndsWith("/" + ClipTopics.Annotations, StringComparison.Ordinal));
        Directory.CreateDirectory(directory);
        using var index = new StreamWriter(Path.Combine(directory, "frames.jsonl"));
        var frames = new FrameWriter(directory, boxes.Boxes, drawer, index);
        var second = reader.ReadMessages(frames, static c => c.Topic.EndsWith("/" + ClipTopics.Image, StringComparison.Ordinal)
            && c.Topic.Count(ch => ch == '/') == 2);
        return (frames.Count, first.Complete ? second : first);
    }

    private static string Camera(string topic) => topic.Split('/')[1];

    private sealed class AnnotationCollector : IMcapHandler
    {
        public Dictionary<(string Camera, ulong Time), List<ClipBox>> Boxes { get; } = [];

        public void OnMessage(in McapMessage message)
        {
            ImageAnnotations annotations;
            try
            {
                annotations = ImageAnnotations.Parser.ParseFrom(message.Data);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                return; // a frame with unreadable annotations is still extracted, without boxes
            }
            var list = new List<ClipBox>();
            for (int i = 0; i < annotations.Points.Count; i++)
            {
                var points = annotations.Points[i].Points;
                if (points.Count == 0)
                {
                    continue;
                }
                string label = i < annotations.Texts.Count ? annotations.Texts[i].Text : "";
                list.Add(new ClipBox((float)points.Min(p => p.X), (float)points.Min(p => p.Y), (float)points.Max(p => p.X), (float)points.Max(p => p.Y), 0, label));
            }
            Boxes[(Camera(message.Channel.Topic), message.LogTime)] = list;
        }
    }

    private sealed class FrameWriter(string directory, Dictionary<(string, ulong), List<ClipBox>> boxes, IClipFrameDrawer drawer, StreamWriter index) : IMcapHandler
    {
        public int Count { get; private set; }

        public int Malformed { get; private set; }

        public void OnMessage(in McapMessage message)
        {
            string camera = Camera(message.Channel.Topic);
            CompressedImage image;
            try
            {
                image = CompressedImage.Parser.ParseFrom(message.Data);
            }
            catch (Google.Protobuf.InvalidProtocolBufferException)
            {
                Malformed++;
                return;
            }
            var frameBoxes = boxes.TryGetValue((camera, message.LogTime), out var b) ? b : [];
            string name = Path.Combine(camera, message.Sequence.ToString("D6", CultureInfo.InvariantCulture) + "." + (image.Format is "jpeg" or "" ? "jpg" : image.Format));
            Directory.CreateDirectory(Path.Combine(directory, camera));
            File.WriteAllBytes(Path.Combine(directory, name), drawer.Draw(image.Data.ToByteArray(), frameBoxes));
            index.WriteLine(JsonSerializer.Serialize(new
            {
                file = name,
                camera,
                sequence = message.Sequence,
                log_time_ns = message.LogTime,
                boxes = frameBoxes.Select(x => new { x1 = x.X1, y1 = x.Y1, x2 = x.X2, y2 = x.Y2, label = x.Label }),
            }));
            Count++;
        }
    }
}
