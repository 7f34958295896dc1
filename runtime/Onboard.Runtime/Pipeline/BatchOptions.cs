namespace Onboard.Runtime.Pipeline;

/// <summary>How a <see cref="CameraBatcher"/> gathers its cameras' frames into one run.</summary>
internal sealed record BatchOptions
{
    /// <summary>
    /// Longest a batch waits, from its first frame, for the other cameras' frames before it runs without them
    /// (a partial batch). Zero: run with whatever frames are there when the session is free — frames that
    /// arrive while a run is in progress still share the next one. A camera that a batch ran without is not
    /// waited for again until it sends a frame, so a stalled camera costs the others one timeout, not one per frame.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest a waiting camera sleeps before it re-reads the clock (the clock is injected and may not be the wall clock).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(10);
}
