using Onboard.Kernels.Postprocess;
using Onboard.Models.Manifests;
using Onnx;

namespace Onboard.Models.Loading;

/// <summary>A model file that passed every check: its bytes (what the session loads, so what was hashed is
/// what runs), the parsed graph, its manifest (read or inferred) and any warnings.</summary>
public sealed record LoadedModel(
    string Path,
    byte[] Bytes,
    ModelProto Model,
    string Sha256,
    ModelManifest Manifest,
    string? ManifestPath,
    bool SignatureVerified,
    IReadOnlyList<string> Warnings)
{
    public bool ManifestInferred => ManifestPath is null;

    /// <summary>The manifest's input, parsed once at load (enums, not spellings).</summary>
    public required InputFormat Input { get; init; }

    /// <summary>The manifest's output layout, parsed once at load.</summary>
    public required OutputLayout Layout { get; init; }
}
