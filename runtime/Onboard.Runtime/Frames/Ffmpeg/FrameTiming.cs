namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>How <see cref="FfmpegFrameSource"/> knows when each decoded frame belongs.</summary>
public enum FrameTiming
{
    /// <summary>Each frame at its own presentation timestamp, probed from the file's packets before playing.</summary>
    Pts,

    /// <summary>Frame n at n / fps: live or non-seekable inputs, and files whose packets carry no timestamps.</summary>
    Cfr,
}
