namespace Onboard.Runtime.Frames;

/// <summary>
/// A producer's frame sequence as one reader follows it: how many frames were skipped before this one, or that the
/// sequence went back. One rule for every place that follows a sequence — the pipe and ring readers (gaps the
/// producer made) and the pipeline's ingest (every frame lost before it). A new session (a restarted producer)
/// starts over, as does <see cref="Reset"/> (a new connection). Owned by one thread.
/// </summary>
internal struct SequenceTracker
{
    private bool _started;
    private ulong _session;
    private ulong _last;

    /// <summary>The last sequence taken (meaningless before the first).</summary>
    public readonly ulong Last => _last;

    public void Reset() => _started = false;

    /// <summary>
    /// Frames skipped before <paramref name="sequence"/> (0 for the first of a session), or -1 when it is not after
    /// the last one of the same session; then nothing changes, so one stray frame does not reset the count.
    /// </summary>
    public long Advance(ulong session, ulong sequence)
    {
        if (_started && session == _session)
        {
            if (sequence <= _last)
            {
                return -1;
            }
            long skipped = (long)(sequence - _last - 1);
            _last = sequence;
            return skipped;
        }
        _started = true;
        _session = session;
        _last = sequence;
        return 0;
    }
}
