namespace Onboard.Tests.Arm64;

/// <summary>
/// One line of the parity batch: an onboard command line in which <c>{out}</c> stands for the folder each
/// architecture writes its results to, and the file it writes there (null when its stdout is the result).
/// </summary>
public sealed record ParityCase(string Kind, string Name, string Line, string? Output = null)
{
    public const string OutToken = "{out}";

    public string For(string outDirectory) => Line.Replace(OutToken, outDirectory, StringComparison.Ordinal);
}
