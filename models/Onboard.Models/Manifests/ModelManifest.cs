namespace Onboard.Models.Manifests;

/// <summary>
/// The JSON sidecar next to a model (<c>NAME.manifest.json</c> beside <c>NAME.onnx</c>): identity, file hash,
/// input spec, output layout, class names and thresholds. <see cref="ManifestVerifier"/> checks it against
/// the file and the graph; <see cref="ManifestSignature"/> checks the fleet signature over its bytes.
/// </summary>
public sealed record ModelManifest
{
    public string Id { get; init; } = "";
    public string Version { get; init; } = "";

    /// <summary>SHA-256 of the .onnx file, lowercase hex.</summary>
    public string Sha256 { get; init; } = "";

    public InputSpec Input { get; init; } = new();
    public OutputSpec Output { get; init; } = new();
    public string[] Classes { get; init; } = [];
    public Thresholds Thresholds { get; init; } = new();

    /// <summary>The sidecar path for a model path: <c>dir/NAME.onnx</c> → <c>dir/NAME.manifest.json</c>.</summary>
    public static string PathFor(string modelPath) => Path.ChangeExtension(modelPath, ".manifest.json");

    /// <summary>The detached signature's path: the manifest path plus <c>.sig</c>.</summary>
    public static string SignaturePathFor(string manifestPath) => manifestPath + ".sig";
}
