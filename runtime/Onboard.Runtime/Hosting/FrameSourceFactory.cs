using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Frames.Ffmpeg;
using Onboard.Runtime.Frames.PipeIngest;
using Onboard.Runtime.Frames.SharedMemory;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Hosting;

/// <summary>
/// Turns a configured source into an <see cref="IFrameSource"/>: shared-memory rings, pipe ingest and ffmpeg here,
/// any other kind through a registered <see cref="IFrameSourceProvider"/> (the simulated camera lives with the test
/// rigs). Immutable: <see cref="With"/> returns a new factory, so one built at start-up is safe to share across
/// the cameras' ingest threads.
/// </summary>
public sealed class FrameSourceFactory
{
    private readonly IFrameSourceProvider[] _providers;

    private FrameSourceFactory(IFrameSourceProvider[] providers) => _providers = providers;

    /// <summary>The kinds the library opens itself: <c>shm</c>, <c>pipe</c>, <c>ffmpeg</c>.</summary>
    public static FrameSourceFactory Default { get; } = new([]);

    /// <summary>This factory plus <paramref name="provider"/>, which replaces any earlier one of its kind.</summary>
    public FrameSourceFactory With(IFrameSourceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return new FrameSourceFactory([.. _providers.Where(p => p.Kind != provider.Kind), provider]);
    }

    /// <summary>True when <paramref name="kind"/> can be opened (by the library or a registered provider).</summary>
    public bool Supports(SourceKind kind) => kind is SourceKind.Shm or SourceKind.Pipe or SourceKind.Ffmpeg || Find(kind) is not null;

    /// <summary>Opens camera <paramref name="cameraId"/>'s source; called on its ingest thread.</summary>
    public IFrameSource Open(string cameraId, SourceConfig source, MonotonicClock clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Kind switch
        {
            SourceKind.Shm => new ShmFrameSource(Shm(source), clock),
            // "-" reads standard input, which cannot be reopened: a watchdog reconnect then waits for nothing.
            SourceKind.Pipe => source.Path == "-"
                ? PipeFrameSource.FromStream(new PipeFrameSourceOptions { Name = "pipe:stdin" }, Console.OpenStandardInput(), clock)
                : PipeFrameSource.ListenUnix(new PipeFrameSourceOptions { Name = "pipe:" + source.Path }, source.Path!, clock),
            SourceKind.Ffmpeg => new FfmpegFrameSource(new FfmpegFrameSourceOptions { Name = "ffmpeg:" + source.Input, Input = source.Input!, Rate = source.Rate, Loop = source.Loop }, clock),
            _ => Find(source.Kind)?.Open(cameraId, source, clock)
                ?? throw new NotSupportedException($"source kind '{source.Kind.ToString().ToLowerInvariant()}' is not supported here: no provider is registered for it"),
        };
    }

    private IFrameSourceProvider? Find(SourceKind kind)
    {
        foreach (IFrameSourceProvider p in _providers)
        {
            if (p.Kind == kind)
            {
                return p;
            }
        }
        return null;
    }

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
