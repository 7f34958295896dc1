namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>A producer's ring: where it lives and how big it is.</summary>
public sealed record FrameRingOptions
{
    public required string RingPath { get; init; }
    public required string SocketPath { get; init; }

    /// <summary>Slots in the ring; a consumer can fall this many frames behind before it sees overwrites.</summary>
    public int SlotCount { get; init; } = 4;

    /// <summary>Largest frame (bytes, all planes) a slot holds; rounded up to whole pages.</summary>
    public required long MaxFrameBytes { get; init; }

    /// <summary>Kernel send buffer per consumer socket: small on purpose, so a consumer that stops reading
    /// gets descriptors dropped within a few frames instead of receiving stale ones later.</summary>
    public int SocketSendBufferBytes { get; init; } = 8192;

    public static FrameRingOptions ForCamera(string name, long maxFrameBytes, string? directory = null) => new()
    {
        RingPath = RingPaths.Ring(name, directory),
        SocketPath = RingPaths.Socket(name, directory),
        MaxFrameBytes = maxFrameBytes,
    };
}
