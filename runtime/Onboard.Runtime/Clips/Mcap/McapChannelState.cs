namespace Onboard.Runtime.Clips.Mcap;

/// <summary>
/// What the writer tracks per channel: its total message count (for Statistics) and the open chunk's Message Index
/// entries (log time, offset of the record in the chunk's uncompressed records). The entry arrays are reused from
/// chunk to chunk and only grow.
/// </summary>
internal sealed class McapChannelState(ushort id)
{
    private ulong[] _times = new ulong[16];
    private ulong[] _offsets = new ulong[16];

    public ushort Id { get; } = id;

    public ulong Total { get; private set; }

    public int ChunkEntries { get; private set; }

    /// <summary>Where this channel's Message Index record after the last closed chunk starts in the file.</summary>
    public long IndexOffset { get; set; }

    public ReadOnlySpan<ulong> Times => _times.AsSpan(0, ChunkEntries);

    public ReadOnlySpan<ulong> Offsets => _offsets.AsSpan(0, ChunkEntries);

    public void AddEntry(ulong logTime, ulong offset)
    {
        if (ChunkEntries == _times.Length)
        {
            Array.Resize(ref _times, _times.Length * 2);
            Array.Resize(ref _offsets, _offsets.Length * 2);
        }
        _times[ChunkEntries] = logTime;
        _offsets[ChunkEntries] = offset;
        ChunkEntries++;
        Total++;
    }

    public void ResetChunk() => ChunkEntries = 0;
}
