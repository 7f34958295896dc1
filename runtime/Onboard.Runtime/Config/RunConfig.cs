using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Config;

/// <summary>What <c>onboard run</c> runs: the publisher, the models by name, and the cameras.</summary>
public sealed record RunConfig(
    PublisherOptions Publisher,
    IReadOnlyDictionary<string, ModelConfig> Models,
    IReadOnlyList<CameraConfig> Cameras);
