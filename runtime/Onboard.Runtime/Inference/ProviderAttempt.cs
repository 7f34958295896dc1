namespace Onboard.Runtime.Inference;

/// <summary>One provider of the chain: what was asked for, ORT's name for it, and why it was not used (null = chosen).</summary>
public readonly record struct ProviderAttempt(string Requested, string OrtName, string? Reason)
{
    public bool Chosen => Reason is null;

    public override string ToString() => Chosen ? $"{Requested}: chosen ({OrtName})" : $"{Requested}: skipped, {Reason}";
}
