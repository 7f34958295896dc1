namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// A Message record as the reader hands it over: <see cref="Data"/> points into the reader's buffer and is valid only
/// during the <see cref="IMcapHandler.OnMessage"/> call (copy what must outlive it). Times are ns.
/// </summary>
public readonly ref struct McapMessage(McapChannel channel, uint sequence, ulong logTime, ulong publishTime, ReadOnlySpan<byte> data)
{
    public McapChannel Channel { get; } = channel;

    public uint Sequence { get; } = sequence;

    public ulong LogTime { get; } = logTime;

    public ulong PublishTime { get; } = publishTime;

    public ReadOnlySpan<byte> Data { get; } = data;
}
