namespace Onboard.Runtime.Inference;

/// <summary>One provider of the chain: what was asked for, ORT's name for it, why it was not used (null = chosen),
/// and, for a GPU provider that ships but cannot load here, each library this machine is missing for it.</summary>
public readonly record struct ProviderAttempt(string Requested, string OrtName, string? Reason, IReadOnlyList<string> MissingLibraries)
{
    public ProviderAttempt(string requested, string ortName, string? reason)
        : this(requested, ortName, reason, [])
    {
    }

    public bool Chosen => Reason is null;

    public override string ToString() => Chosen ? $"{Requested}: chosen ({OrtName})" : $"{Requested}: skipped, {Reason}";
}
