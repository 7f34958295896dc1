namespace Onboard.Models.Manifests;

/// <summary>One manifest check that failed: the field (dotted JSON path, e.g. <c>input.shape</c>) and why.</summary>
public readonly record struct ManifestIssue(string Field, string Problem)
{
    public override string ToString() => Field + ": " + Problem;
}
