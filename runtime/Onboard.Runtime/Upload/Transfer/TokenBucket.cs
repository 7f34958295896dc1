namespace Onboard.Runtime.Upload.Transfer;

/// <summary>
/// The upload bandwidth cap (<c>upload.maxBytesPerSecond</c>), shared by every concurrent upload. Tokens refill at
/// the rate up to a burst of a quarter second; a taker may overdraw, and then waits until the debt is paid back, so
/// the long-run rate is the cap whatever the piece sizes. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly double _rate;
    private readonly double _burst;
    private double _tokens;
    private long _stamp;

    public TokenBucket(long bytesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        _time = time;
        _rate = bytesPerSecond;
        _burst = Math.Max(bytesPerSecond / 4.0, 1);
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    public long BytesPerSecond => (long)_rate;

    /// <summary>Takes <paramref name="bytes"/> tokens now and returns how long the taker must wait before sending them.</summary>
    internal TimeSpan Reserve(int bytes)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _rate));
            _stamp = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _rate);
        }
    }

    /// <summary>Takes <paramref name="bytes"/> tokens, waiting as long as the cap requires.</summary>
    public async ValueTask TakeAsync(int bytes, CancellationToken cancellationToken)
    {
        TimeSpan wait = Reserve(bytes);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
