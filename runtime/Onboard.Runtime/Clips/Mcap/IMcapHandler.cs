namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// Receives what an <see cref="McapReader"/> reads, in file order. Implement only what you need. A definition
/// (schema, channel) always arrives before a message that uses it.
/// </summary>
public interface IMcapHandler
{
    void OnHeader(McapHeader header)
    {
    }

    void OnSchema(McapSchema schema)
    {
    }

    void OnChannel(McapChannel channel)
    {
    }

    void OnMessage(in McapMessage message)
    {
    }

    void OnMetadata(McapMetadata metadata)
    {
    }
}
