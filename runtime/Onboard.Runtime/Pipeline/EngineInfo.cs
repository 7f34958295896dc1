using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What an engine knows about its model, settled once when it opens: the identity put on the wire, the class
/// names subscribers see, the cap on detections per frame, the provider chain's outcome and the input it takes.
/// The pipeline, the publishers and health read these from here; nothing copies them by hand.
/// </summary>
public sealed record EngineInfo
{
    /// <summary>Model id on every header (the config's, else the manifest's).</summary>
    public required string ModelId { get; init; }

    public string ModelVersion { get; init; } = "";

    /// <summary>Class names by class id (the config's, else the manifest's); empty: subscribers get ids only.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>The most detections one frame yields (config, else manifest, else 300): results are sized for it.</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>SHA-256 of the model file (as its manifest states it): clips name it in their lineage.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>The provider the model runs on and why each one before it in the chain was skipped.</summary>
    public required ProviderSelection Providers { get; init; }

    public required ModelInput Input { get; init; }

    /// <summary>Where preprocessing, decode and NMS run: <c>host</c>, or the device accelerator's name (<c>cuda</c>).</summary>
    public string Kernels { get; init; } = "host";

    /// <summary>How device tensors reach ONNX Runtime (<see cref="DeviceContextPlan"/>), decided when the engine opened.</summary>
    public DeviceContextMode DeviceContext { get; init; }

    /// <summary>The camera's shadow model (its results go to <c>shadow/&lt;camera&gt;</c>); null when it has none.</summary>
    public EngineInfo? Shadow { get; init; }
}
