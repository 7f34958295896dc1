namespace Onboard.Runtime.Upload.Tus;

/// <summary>What a tus server said in its OPTIONS answer: protocol versions, extensions and <c>Tus-Max-Size</c>.</summary>
internal sealed record TusCapabilities(IReadOnlySet<string> Versions, IReadOnlySet<string> Extensions, long? MaxSize)
{
    public bool Supports(string extension) => Extensions.Contains(extension);
}
