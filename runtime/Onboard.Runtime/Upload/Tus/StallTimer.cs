namespace Onboard.Runtime.Upload.Tus;

/// <summary>
/// A per-request timeout that measures silence, not duration: it fires when no progress (a body piece written, the
/// response headers) happened for <see cref="Timeout"/>, so a slow capped upload lives and a stalled link dies.
/// </summary>
internal sealed class StallTimer : IDisposable
{
    private readonly CancellationTokenSource _cts;

    public StallTimer(TimeSpan timeout, TimeProvider time)
    {
        Timeout = timeout;
        _cts = new CancellationTokenSource(timeout, time);
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _cts.Token;

    public bool Fired => _cts.IsCancellationRequested;

    public void Reset()
    {
        if (!_cts.IsCancellationRequested)
        {
            _cts.CancelAfter(Timeout);
        }
    }

    public void Dispose() => _cts.Dispose();
}
