using Onboard.Kernels.Imaging;
using Onboard.Runtime.Frames.SharedMemory;

namespace Onboard.Hil.Cameras;

/// <summary>What <c>onboard camera sim</c> produces: scene content, frame geometry and rate, and the ring.</summary>
public sealed record SimulatedCameraOptions
{
    public required string Name { get; init; }
    public double FramesPerSecond { get; init; } = 30;
    public int Width { get; init; } = 1280;
    public int Height { get; init; } = 720;
    public PixelFormat Format { get; init; } = PixelFormat.Bgr24;
    public int Seed { get; init; } = 1;

    /// <summary>Consecutive frames that show the same scene.</summary>
    public int FramesPerScene { get; init; } = 30;

    /// <summary>Distinct scenes, rendered ahead of time and shown in a cycle (memory stays bounded however long it runs).</summary>
    public int SceneCount { get; init; } = 8;

    /// <summary>Stop after this many frames; 0 runs until cancelled.</summary>
    public long FrameLimit { get; init; }

    public int SlotCount { get; init; } = 4;

    /// <summary>Overrides of the ring and socket paths derived from <see cref="Name"/> (see <see cref="RingPaths"/>).</summary>
    public string? RingPath { get; init; }
    public string? SocketPath { get; init; }

    /// <summary>
    /// Scene shown by frame <paramref name="sequence"/>: frames advance one scene every
    /// <see cref="FramesPerScene"/> frames and wrap after <see cref="SceneCount"/> scenes. Scene i is
    /// <c>new SceneGenerator(new SceneOptions { Width, Height, Seed }).Generate(i)</c>.
    /// </summary>
    public int SceneIndex(ulong sequence) => (int)(sequence / (ulong)FramesPerScene % (ulong)SceneCount);
}
