namespace Onboard.Runtime.Config;

/// <summary>
/// A model's <c>batch</c>: the cameras that use the model share one session run at batch <see cref="Size"/>
/// (one image per camera), waiting at most <see cref="Timeout"/> for each other's frames.
/// </summary>
public sealed record BatchConfig(int Size, TimeSpan Timeout);
