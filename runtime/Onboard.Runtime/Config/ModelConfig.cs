using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Config;

/// <summary>
/// A detector: an ONNX file with a YOLOv8-layout head (<see cref="Path"/>), or a model the runtime generates
/// (<see cref="Builtin"/>, e.g. <c>synthetic-signs</c>), with its thresholds and the identity put on the wire.
/// </summary>
public sealed record ModelConfig
{
    public required string Name { get; init; }
    public string? Path { get; init; }
    public string? Builtin { get; init; }
    public required string Id { get; init; }
    public string Version { get; init; } = "";
    /// <summary>Class names by class id; empty: subscribers get ids only.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];
    /// <summary>Thresholds from the config; null leaves them to the model's manifest (or the defaults).</summary>
    public DetectorSettings? Settings { get; init; }
    /// <summary>How its sessions are built: provider chain and options, threads, warm-up, and the trust a model file must meet.</summary>
    public InferenceOptions Inference { get; init; } = new();
    /// <summary>Where preprocessing, decode and NMS run (<c>"kernels"</c>): the host SIMD kernels (default) or the ILGPU device kernels on CUDA.</summary>
    public KernelPlacement Kernels { get; init; }
    /// <summary>Cross-camera batching of the cameras that use this model; null: one session per camera.</summary>
    public BatchConfig? Batch { get; init; }
}
