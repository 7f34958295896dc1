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
}
