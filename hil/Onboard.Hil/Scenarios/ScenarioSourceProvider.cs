using Onboard.Runtime.Config;
using Onboard.Runtime.Frames;
using Onboard.Runtime.Hosting;
using Onboard.Runtime.Primitives;

namespace Onboard.Hil.Scenarios;

/// <summary>The config's <c>scenario</c> source kind (<c>"source": {"kind": "scenario", "path": "drive.json"}</c>): the
/// scenario drawn at its own frame rate, paced, with no recorder to wait for.</summary>
public sealed class ScenarioSourceProvider : IFrameSourceProvider
{
    public static ScenarioSourceProvider Instance { get; } = new();

    public SourceKind Kind => SourceKind.Scenario;

    public IFrameSource Open(string cameraId, SourceConfig source, MonotonicClock clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ScenarioFrameSource(cameraId, ScenarioReader.Read(source.Path!), clock);
    }
}
