using Onboard.Runtime.Messaging;
using Onboard.Runtime.Triggers;

namespace Onboard.Runtime.Config;

/// <summary>What <c>onboard run</c> runs: the publisher, the models by name, and the cameras.</summary>
public sealed partial record RunConfig(
    PublisherOptions Publisher,
    IReadOnlyDictionary<string, ModelConfig> Models,
    IReadOnlyList<CameraConfig> Cameras)
{
    /// <summary>Trigger rules (issue 12); empty: no clips are cut.</summary>
    public IReadOnlyList<TriggerConfig> Triggers { get; init; } = [];

    /// <summary>Where clips go and how frames are buffered for them.</summary>
    public ClipsConfig Clips { get; init; } = new();
}
