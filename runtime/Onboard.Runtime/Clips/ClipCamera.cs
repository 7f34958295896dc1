namespace Onboard.Runtime.Clips;

/// <summary>
/// One camera's channels in a clip, registered the first time each kind is written (so a clip without a shadow
/// model has no <c>/front/shadow</c> channel). Topics are built once here, not per frame.
/// Public as the handle <see cref="ClipWriter.Camera"/> returns; its channel map is the writer's.
/// </summary>
public sealed class ClipCamera(string id)
{
    private readonly Dictionary<string, ushort> _channels = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    internal bool TryGetChannel(string kind, out ushort channel) => _channels.TryGetValue(kind, out channel);

    internal void SetChannel(string kind, ushort channel) => _channels[kind] = channel;
}
