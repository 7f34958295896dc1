using Onboard.Kernels.Imaging;

namespace Onboard.Hil.Cameras;

/// <summary>What <c>onboard camera play</c> plays: a video (anything ffmpeg reads), how fast, in what format, into which ring.</summary>
public sealed record VideoCameraOptions
{
    public required string Name { get; init; }
    public required string Input { get; init; }

    /// <summary>1 plays at the recorded timing, 2 twice as fast.</summary>
    public double Rate { get; init; } = 1.0;

    public PixelFormat Format { get; init; } = PixelFormat.Bgr24;

    /// <summary>Scale to this size; 0 keeps the video's.</summary>
    public int Width { get; init; }
    public int Height { get; init; }
    public bool Loop { get; init; }

    /// <summary>Stop after this many frames; 0 plays to the end (forever with <see cref="Loop"/>).</summary>
    public long FrameLimit { get; init; }

    public int SlotCount { get; init; } = 4;
    public string? RingPath { get; init; }
    public string? SocketPath { get; init; }
}
