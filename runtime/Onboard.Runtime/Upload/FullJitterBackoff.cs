namespace Onboard.Runtime.Upload;

/// <summary>
/// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): retry n waits a
/// uniform draw in [0, min(max, initial × 2ⁿ)). Full jitter spreads a fleet that lost the server at one instant
/// over the whole window instead of bringing it back in waves. The <see cref="Random"/> is injected (seeded in tests).
/// </summary>
internal sealed class FullJitterBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    private readonly Lock _lock = new();

    public TimeSpan Ceiling(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, Math.Clamp(attempt, 0, 62))));

    public TimeSpan Delay(int attempt)
    {
        double draw;
        lock (_lock)
        {
            draw = random.NextDouble();
        }
        return TimeSpan.FromTicks((long)(Ceiling(attempt).Ticks * draw));
    }
}
