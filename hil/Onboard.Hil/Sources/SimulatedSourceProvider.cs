using Onboard.Hil.Scenes;
using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Sources;

/// <summary>The config's <c>sim</c> source kind: registered on a <see cref="FrameSourceFactory"/> by whoever wants simulated cameras.</summary>
public sealed class SimulatedSourceProvider : IFrameSourceProvider
{
    public static SimulatedSourceProvider Instance { get; } = new();

    public SourceKind Kind => SourceKind.Sim;

    public IFrameSource Open(string cameraId, SourceConfig source, MonotonicClock clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SimulatedFrameSource(cameraId,
            new SceneOptions { Width = source.Width, Height = source.Height, Seed = source.Seed },
            source.FramesPerSecond, source.FramesPerScene, source.Frames, clock);
    }
}
