namespace Onboard.Runtime.Upload.Spool;

/// <summary>
/// One clip's state record in the spool (<c>&lt;clip id&gt;.state.json</c>, rewritten atomically on every change).
/// Immutable: a change is a new record (<c>with</c>), written before anyone acts on it.
/// </summary>
internal sealed record SpoolEntry
{
    public required string ClipId { get; init; }
    public string Camera { get; init; } = "";
    public IReadOnlyList<string> TriggerIds { get; init; } = [];
    /// <summary>0–9, higher uploads first and is evicted last.</summary>
    public int Priority { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public long PlaintextBytes { get; init; }
    public long CiphertextBytes { get; init; }
    public string PlaintextSha256 { get; init; } = "";
    public string CiphertextSha256 { get; init; } = "";
    /// <summary>Hex SHA-256 of the cloud public key the clip is sealed for.</summary>
    public string KeyId { get; init; } = "";
    /// <summary>The tus upload URL, persisted before the first PATCH; null until created (or after the server lost it).</summary>
    public string? UploadUrl { get; init; }
    /// <summary>Bytes the server confirmed (its Upload-Offset), as last seen.</summary>
    public long ConfirmedBytes { get; init; }
    public int Attempts { get; init; }
    /// <summary>Times the upload was created anew because the server answered 404/410 for it.</summary>
    public int Recreated { get; init; }
    /// <summary>Why the server will not take this clip (413, Tus-Max-Size); the clip is kept, not retried.</summary>
    public string? RefusedReason { get; init; }
    /// <summary>Evicted by the quota; the record stays only until its server upload is terminated.</summary>
    public bool Evicted { get; init; }
    public string? LastError { get; init; }
}
