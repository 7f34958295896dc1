using Onboard.Hil.Scenes;
using Onboard.Hil.Sources;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Pipeline;

namespace Onboard.Hosting;

/// <summary>Turns a configured source into an <see cref="IFrameSource"/>; called on the camera's ingest thread.</summary>
internal static class FrameSourceFactory
{
    public static IFrameSource Open(string cameraId, SourceConfig source, MonotonicClock clock) => source.Kind switch
    {
        SourceKind.Sim => new SimulatedFrameSource(cameraId,
            new SceneOptions { Width = source.Width, Height = source.Height, Seed = source.Seed },
            source.FramesPerSecond, source.FramesPerScene, source.Frames, clock),
        SourceKind.Shm => new ShmFrameSource(Shm(source), clock),
        // "-" reads standard input, which cannot be reopened: a watchdog reconnect then waits for nothing.
        SourceKind.Pipe => source.Path == "-"
            ? PipeFrameSource.FromStream(new PipeFrameSourceOptions { Name = "pipe:stdin" }, Console.OpenStandardInput(), clock)
            : PipeFrameSource.ListenUnix(new PipeFrameSourceOptions { Name = "pipe:" + source.Path }, source.Path!, clock),
        SourceKind.Ffmpeg => new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "ffmpeg:" + source.Input, Input = source.Input!, Rate = source.Rate, Loop = source.Loop }, clock),
        _ => throw new NotSupportedException($"source kind '{source.Kind}' is not supported"),
    };

    private static ShmFrameSourceOptions Shm(SourceConfig source)
    {
        ShmFrameSourceOptions options = source.Name is not null
            ? ShmFrameSourceOptions.ForCamera(source.Name)
            : new ShmFrameSourceOptions { Name = "shm", RingPath = source.RingPath!, SocketPath = source.SocketPath! };
        return options with
        {
            RingPath = source.RingPath ?? options.RingPath,
            SocketPath = source.SocketPath ?? options.SocketPath,
        };
    }
}
