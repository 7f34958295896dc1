namespace Onboard.Runtime.Inference;

/// <summary>The outcome of walking the provider chain: the provider that runs the model and why each one before it did not.</summary>
public sealed record ProviderSelection(string Chosen, IReadOnlyList<ProviderAttempt> Attempts)
{
    /// <summary>True when a provider earlier in the chain was skipped.</summary>
    public bool FellBack => Attempts.Count > 0 && !Attempts[0].Chosen;

    public override string ToString() => Chosen + (FellBack ? " (" + string.Join("; ", Attempts.Where(a => !a.Chosen)) + ")" : "");
}
