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
}
