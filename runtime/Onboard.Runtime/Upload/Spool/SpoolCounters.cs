namespace Onboard.Runtime.Upload.Spool;

/// <summary>The uploader's running totals, kept in the spool (<c>upload-counters.json</c>) so they survive restarts and
/// <c>onboard upload status --spool DIR</c> can print them without the uploader.</summary>
internal sealed record SpoolCounters
{
    public long UploadedClips { get; init; }
    public long UploadedBytes { get; init; }
    public long Retries { get; init; }
    public long Recreated { get; init; }
    public long EvictedClips { get; init; }
    public long RefusedClips { get; init; }
    public IReadOnlyDictionary<string, long> FailuresByReason { get; init; } = new Dictionary<string, long>();
    /// <summary>The clip whose completion was counted last: if a crash cut its completion short, recovery finishes it without counting it again.</summary>
    public string? LastCompleted { get; init; }
}
