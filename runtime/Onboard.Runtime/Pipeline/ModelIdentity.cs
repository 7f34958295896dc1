namespace Onboard.Runtime.Pipeline;

/// <summary>
/// What a deployment says about a model beyond its file: the identity put on the wire and the class names. Empty
/// values leave each fact to the model's manifest (see <see cref="EngineInfo"/>).
/// </summary>
internal sealed record ModelIdentity(string Id = "", string Version = "")
{
    public IReadOnlyList<string> ClassNames { get; init; } = [];
}
