namespace Onboard.Hil.Demo;

/// <summary>The embedded default the demo runs with: no config, no hardware.</summary>
public sealed record DemoOptions
{
    public double Seconds { get; init; } = 4;
    public double FramesPerSecond { get; init; } = 15;
    /// <summary>PUB endpoint; a wildcard port is resolved after binding.</summary>
    public string Endpoint { get; init; } = "tcp://127.0.0.1:*";
    public int Seed { get; init; } = 1;
    public int FramesPerScene { get; init; } = 6;
    public string CameraId { get; init; } = "front";
    /// <summary>Print a line for every frame the subscriber receives.</summary>
    public bool PrintFrames { get; init; } = true;
    /// <summary>Capture → published budget; later frames are still published, flagged late.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Frames the ring holds, and the pipeline's queue depths: a demo on a shared machine rides out
    /// a slow frame or two instead of dropping (drops are still counted and shown).</summary>
    public int RingSlots { get; init; } = 8;
    public int QueueDepth { get; init; } = 4;
}
