namespace Onboard.Runtime.Clips.Mcap;

/// <summary>Passes on only the messages of selected channels (for a linear scan standing in for the indexed read).</summary>
internal sealed class McapFilteringHandler(IMcapHandler inner, Func<McapChannel, bool> channels) : IMcapHandler
{
    public void OnHeader(McapHeader header) => inner.OnHeader(header);

    public void OnSchema(McapSchema schema) => inner.OnSchema(schema);

    public void OnChannel(McapChannel channel) => inner.OnChannel(channel);

    public void OnMessage(in McapMessage message)
    {
        if (channels(message.Channel))
        {
            inner.OnMessage(message);
        }
    }

    public void OnMetadata(McapMetadata metadata) => inner.OnMetadata(metadata);
}
