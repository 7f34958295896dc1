using System.Security.Cryptography;
using System.Text.Json;
using Onboard.Kernels.Postprocess;
using Onboard.Models.Manifests;

namespace Onboard.Models.Loading;

/// <summary>
/// Reads a model and its manifest and decides whether to trust them: the file must parse and be whole,
/// the manifest must match the file (hash) and the graph (inputs, outputs, layout), and, with a fleet key
/// configured, the manifest's detached signature must verify. Every failed check is reported by field.
/// </summary>
public static class ModelLoader
{
    public static LoadedModel Load(string path, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        byte[] bytes = OnnxModelReader.ReadBytes(path);
        var model = OnnxModelReader.Parse(path, bytes);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        string manifestPath = ModelManifest.PathFor(path);
        var warnings = new List<string>();

        if (!File.Exists(manifestPath))
        {
            if (options.RequireManifest || options.PublicKeyPem is not null)
            {
                string why = options.PublicKeyPem is not null ? "a fleet key is configured, so models must come signed" : "a manifest is required";
                throw new ModelLoadException(path, [new ManifestIssue("manifest", $"none at '{manifestPath}' and {why}")]);
            }
            ModelManifest inferred = ManifestInference.Infer(model, System.IO.Path.GetFileNameWithoutExtension(path), sha256, out string description);
            warnings.Add($"no manifest at '{manifestPath}': inferred {description}; write a manifest to pin them");
            (InputFormat inferredInput, OutputLayout inferredLayout) = Parse(path, inferred);
            return new LoadedModel(path, bytes, model, sha256, inferred, null, false, warnings) { Input = inferredInput, Layout = inferredLayout };
        }

        byte[] manifestBytes = File.ReadAllBytes(manifestPath);
        var issues = new List<ManifestIssue>();
        bool signed = false;
        if (options.PublicKeyPem is not null)
        {
            string sigPath = ModelManifest.SignaturePathFor(manifestPath);
            string? problem = File.Exists(sigPath)
                ? ManifestSignature.Verify(manifestBytes, File.ReadAllText(sigPath), options.PublicKeyPem)
                : $"no detached signature at '{sigPath}' and a fleet key is configured";
            if (problem is null)
            {
                signed = true;
            }
            else
            {
                issues.Add(new ManifestIssue("signature", problem));
            }
        }
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(manifestBytes, ManifestJsonContext.Default.ModelManifest);
        }
        catch (JsonException e)
        {
            issues.Add(new ManifestIssue(e.Path is { Length: > 2 } p ? p[2..] : "manifest", $"not valid manifest JSON in '{manifestPath}': {e.Message}"));
            throw new ModelLoadException(path, issues);
        }
        if (manifest is null)
        {
            issues.Add(new ManifestIssue("manifest", $"'{manifestPath}' is empty (null)"));
            throw new ModelLoadException(path, issues);
        }
        issues.AddRange(ManifestVerifier.Verify(manifest, model, sha256));
        if (issues.Count > 0)
        {
            throw new ModelLoadException(path, issues);
        }
        (InputFormat input, OutputLayout layout) = Parse(path, manifest);
        return new LoadedModel(path, bytes, model, sha256, manifest, manifestPath, signed, warnings) { Input = input, Layout = layout };
    }

    /// <summary>The manifest's strings parsed into enums, once (a verified or inferred manifest always parses).</summary>
    private static (InputFormat Input, OutputLayout Layout) Parse(string path, ModelManifest manifest)
    {
        var issues = new List<ManifestIssue>();
        InputFormat? input = InputFormat.Parse(manifest.Input, issues);
        if (!OutputLayouts.TryParse(manifest.Output.Layout, out OutputLayout layout))
        {
            issues.Add(new ManifestIssue("output.layout", $"unknown layout '{manifest.Output.Layout}'; expected one of {string.Join(", ", OutputLayouts.Names)}"));
        }
        return input is not null && issues.Count == 0 ? (input, layout) : throw new ModelLoadException(path, issues);
    }

    /// <summary>The manifest's JSON text, as <see cref="Load"/> reads it.</summary>
    public static string ToJson(ModelManifest manifest) =>
        JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.ModelManifest);
}
