namespace Onboard.Runtime.Upload.Spool;

/// <summary>The quota's answer for one new clip: admitted after evicting <see cref="Evict"/> (in that order), or refused with a reason.</summary>
internal sealed record QuotaDecision(bool Admitted, IReadOnlyList<SpoolQuotaItem> Evict, string? RefusedReason)
{
    public static QuotaDecision Refuse(string reason) => new(false, [], reason);
}
