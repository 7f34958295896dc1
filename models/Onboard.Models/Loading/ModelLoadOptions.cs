namespace Onboard.Models.Loading;

/// <summary>What a model must satisfy to be loaded.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>The fleet public key (PEM). When set, a model loads only with a manifest whose detached
    /// signature verifies against it.</summary>
    public string? PublicKeyPem { get; init; }

    /// <summary>Refuse a model without a manifest instead of inferring one with a warning.</summary>
    public bool RequireManifest { get; init; }
}
