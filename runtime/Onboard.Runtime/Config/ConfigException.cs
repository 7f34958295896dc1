namespace Onboard.Runtime.Config;

/// <summary>A config file failed validation; <see cref="Errors"/> names every bad field.</summary>
public sealed class ConfigException(string file, IReadOnlyList<ConfigError> errors)
    : Exception($"{file}: {errors.Count} error(s): " + string.Join("; ", errors))
{
    public string File { get; } = file;
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
