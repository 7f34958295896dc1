namespace Onboard.Runtime.Inference;

/// <summary>A shipped GPU provider's library (null when this ONNX Runtime build has none) and the libraries it
/// needs that this machine lacks (empty: it can load).</summary>
internal sealed record ProviderLibraryStatus(string? Library, IReadOnlyList<string> Missing);
