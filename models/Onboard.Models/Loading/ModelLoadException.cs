using Onboard.Models.Manifests;

namespace Onboard.Models.Loading;

/// <summary>
/// A model file that cannot be used, with the file and the specific problem in the message. A manifest
/// refusal also lists every <see cref="ManifestIssue"/>, each naming the manifest field at fault.
/// </summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string path, string problem, Exception? inner = null)
        : base($"cannot load model '{path}': {problem}", inner)
    {
        ModelPath = path;
        Problem = problem;
        Issues = [];
    }

    public ModelLoadException(string path, IReadOnlyList<ManifestIssue> issues)
        : this(path, "manifest check failed: " + string.Join("; ", issues))
    {
        Issues = issues;
    }

    public string ModelPath { get; }
    public string Problem { get; }

    /// <summary>Every manifest field that failed its check; empty for other refusals.</summary>
    public IReadOnlyList<ManifestIssue> Issues { get; }
}
