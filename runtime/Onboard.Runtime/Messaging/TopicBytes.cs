using System.Text;

namespace Onboard.Runtime.Messaging;

/// <summary>A topic prefix's UTF-8 topic per camera, encoded on first use and kept: sends reuse the bytes.</summary>
internal sealed class TopicBytes(string prefix)
{
    private readonly Dictionary<string, byte[]> _topics = new(StringComparer.Ordinal);

    public string Prefix { get; } = prefix;

    public byte[] For(string cameraId)
    {
        if (!_topics.TryGetValue(cameraId, out byte[]? topic))
        {
            topic = Encoding.UTF8.GetBytes(Prefix + cameraId);
            _topics.Add(cameraId, topic);
        }
        return topic;
    }
}
