using System.Globalization;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Cameras;

/// <summary>
/// A recorded video as a camera: ffmpeg decodes it (<see cref="FfmpegFrameSource"/>, which releases each
/// frame at its recorded time scaled by the rate: its PTS for files, k / fps for live inputs; the ready
/// line says which as <c>timing=pts|cfr</c>) and each frame is copied into the next ring slot with the
/// time it was released as its capture time. The copy is the rig's cost, not the runtime's: consumers
/// still read the ring in place.
/// </summary>
public sealed class VideoCameraProducer(VideoCameraOptions options, MonotonicClock clock)
{
    /// <summary>Plays until the end, the frame limit or <paramref name="stop"/>; returns the frames published.
    /// Blocks the calling thread. Writes a <c>ready …</c> line and a <c>stopped …</c> line.</summary>
    public long Run(TextWriter output, CancellationToken stop)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Rate, 0, nameof(options.Rate));
        using var video = new FfmpegFrameSource(new FfmpegFrameSourceOptions
        {
            Name = options.Name,
            Input = options.Input,
            Format = options.Format,
            Width = options.Width,
            Height = options.Height,
            Rate = options.Rate,
            Loop = options.Loop,
            Backpressure = IngestBackpressure.Block, // this loop takes each frame at once; never drop here
        }, clock);
        using var producer = CameraRing.Start(options.Name, video.FrameBytes, options.SlotCount, options.RingPath, options.SocketPath, clock);
        CameraRing.WriteReady(output, options.Name, producer, options.Format,
            string.Create(CultureInfo.InvariantCulture, $"size={video.Width}x{video.Height} fps={video.Video.FramesPerSecond:0.###} rate={options.Rate} timing={video.Timeline.Timing.ToString().ToLowerInvariant()}"));

        while (!stop.IsCancellationRequested && (options.FrameLimit == 0 || producer.Published < options.FrameLimit))
        {
            if (video.TryAcquire(TimeSpan.FromMilliseconds(100), out FrameLease? frame))
            {
                FrameDescriptor d = frame.Descriptor;
                producer.Publish(frame.Pixels, d.Format, d.Width, d.Height, d.Stride, d.CaptureMonoNs, d.CaptureUtcNs);
                frame.Release();
            }
            else if (video.Completed)
            {
                break;
            }
        }
        // Decoded and probed frame counts disagreeing means some frames were timed by extrapolation: say so.
        string mismatch = video.ExtrapolatedFrames + video.MissingFrames > 0
            ? string.Create(CultureInfo.InvariantCulture, $" timing-extrapolated={video.ExtrapolatedFrames} timing-missing={video.MissingFrames}")
            : "";
        CameraRing.WriteStopped(output, options.Name, producer, mismatch + (video.LastError is { } e ? $" ffmpeg-error=\"{e}\"" : ""));
        return producer.Published;
    }
}
