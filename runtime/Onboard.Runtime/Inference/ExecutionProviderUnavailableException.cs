namespace Onboard.Runtime.Inference;

/// <summary>No provider of the configured chain could run the model; the message lists each one's reason.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(IReadOnlyList<ProviderAttempt> attempts)
        : base("no execution provider of the chain [" + string.Join(", ", attempts.Select(a => a.Requested)) + "] can run the model: "
            + string.Join("; ", attempts) + (attempts.Any(a => a.Requested == "cpu") ? "" : "; add 'cpu' to the chain to allow a CPU fallback"))
    {
        Attempts = attempts;
    }

    public IReadOnlyList<ProviderAttempt> Attempts { get; }
}
