namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// One camera's recent frames, oldest first, bounded in bytes (<c>clips.preBufferMb</c>): when a new frame does not
/// fit, the oldest goes (counted). Frames of a clip being collected (capture time ≥ <see cref="PinnedFromNs"/>) are
/// the clip's, not the pre-buffer's: they are neither counted against the bound nor evicted until the clip is
/// written. Recorder thread only.
/// </summary>
internal sealed class PreBuffer(long capacityBytes)
{
    private readonly LinkedList<BufferedFrame> _frames = new();
    private long _unpinnedBytes;

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>Frames captured at or after this are held for an open clip (long.MaxValue: none open).</summary>
    public long PinnedFromNs { get; private set; } = long.MaxValue;

    public int Count => _frames.Count;

    public long Bytes { get; private set; }

    /// <summary>Frames the byte bound pushed out.</summary>
    public long Evicted { get; private set; }

    public void Add(BufferedFrame frame)
    {
        _frames.AddLast(frame);
        Bytes += frame.Bytes;
        if (frame.CaptureMonoNs < PinnedFromNs)
        {
            _unpinnedBytes += frame.Bytes;
        }
        while (_unpinnedBytes > CapacityBytes && _frames.First is { } oldest && oldest.Value.CaptureMonoNs < PinnedFromNs)
        {
            Remove(oldest);
            Evicted++;
        }
    }

    /// <summary>The frame with <paramref name="sequence"/>, searched from the newest (results follow their pixels closely).</summary>
    public BufferedFrame? Find(ulong sequence)
    {
        for (var node = _frames.Last; node is not null; node = node.Previous)
        {
            if (node.Value.Sequence == sequence)
            {
                return node.Value;
            }
            if (node.Value.Sequence < sequence)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Holds frames from <paramref name="startNs"/> on for a clip (the earliest start of the clips open).</summary>
    public void Pin(long startNs)
    {
        PinnedFromNs = Math.Min(PinnedFromNs, startNs);
        Recount();
    }

    /// <summary>The frames captured in [<paramref name="startNs"/>, <paramref name="endNs"/>], oldest first.</summary>
    public List<BufferedFrame> Range(long startNs, long endNs)
    {
        var list = new List<BufferedFrame>();
        foreach (BufferedFrame f in _frames)
        {
            if (f.CaptureMonoNs >= startNs && f.CaptureMonoNs <= endNs)
            {
                list.Add(f);
            }
        }
        return list;
    }

    /// <summary>The clip is written: its frames go back under the bound (and the oldest of them out, if over).</summary>
    public void Unpin()
    {
        PinnedFromNs = long.MaxValue;
        Recount();
        while (_unpinnedBytes > CapacityBytes && _frames.First is { } oldest)
        {
            Remove(oldest);
        }
    }

    private void Recount()
    {
        _unpinnedBytes = 0;
        foreach (BufferedFrame f in _frames)
        {
            _unpinnedBytes += f.CaptureMonoNs < PinnedFromNs ? f.Bytes : 0;
        }
    }

    private void Remove(LinkedListNode<BufferedFrame> node)
    {
        _frames.Remove(node);
        Bytes -= node.Value.Bytes;
        if (node.Value.CaptureMonoNs < PinnedFromNs)
        {
            _unpinnedBytes -= node.Value.Bytes;
        }
    }
}
