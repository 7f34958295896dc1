namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>A consumer's view of one camera's ring.</summary>
public sealed record ShmFrameSourceOptions
{
    /// <summary>The camera's name (for logs and health).</summary>
    public required string Name { get; init; }
    public required string RingPath { get; init; }
    public required string SocketPath { get; init; }

    /// <summary>Announced frames waiting for <see cref="IFrameSource.TryAcquire"/>; beyond this the oldest is dropped.</summary>
    public int QueueCapacity { get; init; } = 2;

    /// <summary>How often a consumer without a producer tries to connect again.</summary>
    public TimeSpan ReconnectInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public static ShmFrameSourceOptions ForCamera(string name, string? directory = null) => new()
    {
        Name = name,
        RingPath = RingPaths.Ring(name, directory),
        SocketPath = RingPaths.Socket(name, directory),
    };
}
