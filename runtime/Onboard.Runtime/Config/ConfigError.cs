namespace Onboard.Runtime.Config;

/// <summary>One bad field: its JSON path (e.g. <c>cameras[1].source.fps</c>) and what is wrong with it.</summary>
public readonly record struct ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
