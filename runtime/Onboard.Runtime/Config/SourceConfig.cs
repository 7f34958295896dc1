namespace Onboard.Runtime.Config;

/// <summary>A camera's source. Which fields apply depends on <see cref="Kind"/>; the reader rejects the others.</summary>
public sealed record SourceConfig
{
    public required SourceKind Kind { get; init; }

    // sim
    public double FramesPerSecond { get; init; } = 30;
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;
    public int Seed { get; init; } = 1;
    public int FramesPerScene { get; init; } = 30;
    /// <summary>sim: stop after this many frames (0: run until shut down).</summary>
    public long Frames { get; init; }

    // shm: the producer's camera name (paths derived from it) or explicit paths.
    public string? Name { get; init; }
    public string? RingPath { get; init; }
    public string? SocketPath { get; init; }

    // pipe: a Unix socket path, or "-" for stdin.
    public string? Path { get; init; }

    // ffmpeg: rate 1 plays at recorded timing, 0 decodes as fast as frames are taken (offline).
    public string? Input { get; init; }
    public double Rate { get; init; } = 1.0;
    public bool Loop { get; init; }
}
