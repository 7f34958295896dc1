namespace Onboard.Runtime.Pipeline;

/// <summary>
/// Decides, from when frames arrive, whether a camera has stalled, when to reopen its source, and when it
/// recovered. Pure logic over monotonic nanoseconds, owned by the camera's ingest thread, so it is tested
/// without threads or real time.
/// </summary>
internal sealed class SourceWatchdog(long stallAfterNs, long reconnectEveryNs)
{
    private long _lastFrameNs;
    private long _stalledSinceNs;
    private long _lastReconnectNs;
    private bool _stalled;

    public bool IsStalled => _stalled;

    /// <summary>Nanoseconds the current (or last) stall lasted, from the last frame before it.</summary>
    public long StalledForNs(long nowNs) => nowNs - _stalledSinceNs;

    public void Start(long nowNs)
    {
        _lastFrameNs = nowNs;
        _stalled = false;
    }

    public WatchdogVerdict OnFrame(long nowNs)
    {
        _lastFrameNs = nowNs;
        if (!_stalled)
        {
            return WatchdogVerdict.None;
        }
        _stalled = false;
        return WatchdogVerdict.Recovered;
    }

    /// <summary>The source delivered nothing in its last wait.</summary>
    public WatchdogVerdict OnSilence(long nowNs)
    {
        if (!_stalled)
        {
            if (nowNs - _lastFrameNs <= stallAfterNs)
            {
                return WatchdogVerdict.None;
            }
            _stalled = true;
            _stalledSinceNs = _lastFrameNs;
            _lastReconnectNs = nowNs;
            return WatchdogVerdict.Stalled;
        }
        if (nowNs - _lastReconnectNs < reconnectEveryNs)
        {
            return WatchdogVerdict.None;
        }
        _lastReconnectNs = nowNs;
        return WatchdogVerdict.Reconnect;
    }
}
