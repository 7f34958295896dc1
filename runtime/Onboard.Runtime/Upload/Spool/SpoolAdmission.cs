namespace Onboard.Runtime.Upload.Spool;

/// <summary>A clip's admission into the spool: its entry, or why it was refused; and the clips evicted to make room (log their ids).</summary>
internal sealed record SpoolAdmission(string ClipId, SpoolEntry? Entry, IReadOnlyList<string> Evicted, string? RefusedReason)
{
    public bool Admitted => Entry is not null;
}
