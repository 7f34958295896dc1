using Onboard.Kernels.Imaging;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>A video file or stream decoded by ffmpeg: what to decode, into what, and how fast.</summary>
public sealed record FfmpegFrameSourceOptions
{
    public required string Name { get; init; }

    /// <summary>A file path or anything ffmpeg opens as input (rtsp://, udp://, …).</summary>
    public required string Input { get; init; }

    /// <summary>Output pixel format; every <see cref="PixelFormat"/> has an ffmpeg rawvideo equivalent.</summary>
    public PixelFormat Format { get; init; } = PixelFormat.Bgr24;

    /// <summary>Scale to this size; 0 keeps the stream's.</summary>
    public int Width { get; init; }
    public int Height { get; init; }

    /// <summary>
    /// Playback speed relative to the recording: 1 delivers frames at their recorded timing, 2 twice as fast;
    /// 0 decodes as fast as the consumer takes frames (offline), which suits files, not live streams.
    /// </summary>
    public double Rate { get; init; }

    /// <summary>Start over at the end of a file (ffmpeg -stream_loop -1); sequences keep counting.</summary>
    public bool Loop { get; init; }

    /// <summary>Decoded frames not yet acquired.</summary>
    public int QueueCapacity { get; init; } = 2;

    /// <summary>Null picks by <see cref="Rate"/>: Block when offline (no frame lost), DropOldest when paced (real time).</summary>
    public IngestBackpressure? Backpressure { get; init; }

    public string FfmpegPath { get; init; } = "ffmpeg";
    public string FfprobePath { get; init; } = "ffprobe";
}
