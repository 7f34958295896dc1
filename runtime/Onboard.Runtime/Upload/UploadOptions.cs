namespace Onboard.Runtime.Upload;

/// <summary>
/// The <c>upload</c> section of the run config (names fixed by the issue: <c>endpoint</c>, <c>cloudPublicKeyFile</c>,
/// <c>vehicleId</c>, <c>chunkKb</c>, <c>maxBytesPerSecond</c>, <c>concurrency</c>, <c>allowed</c>, <c>retry.initialMs</c>,
/// <c>retry.maxMs</c>), plus code-only settings. The spool and its quota are <c>clips.spool</c> / <c>clips.quotaMb</c>.
/// </summary>
public sealed record UploadOptions
{
    /// <summary>The tus server's creation URL, e.g. <c>http://host:1080/files/</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The cloud's EC P-256 public key (PEM); a private key is refused.</summary>
    public required string CloudPublicKeyFile { get; init; }

    public required string VehicleId { get; init; }

    /// <summary>Bytes per PATCH request, in KiB: the unit of confirmed progress.</summary>
    public int ChunkKb { get; init; } = 1024;

    /// <summary>The bandwidth cap over all concurrent uploads; 0 = none.</summary>
    public long MaxBytesPerSecond { get; init; }

    /// <summary>Clips uploaded at once.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Whether uploads may run at start (the connectivity gate; <c>onboard upload pause|allow</c> changes it at run time).</summary>
    public bool Allowed { get; init; } = true;

    /// <summary>First backoff ceiling; doubles per retry up to <see cref="RetryMax"/>, each delay drawn uniformly below it (full jitter).</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>A request that makes no progress (no body bytes written, no response) for this long is abandoned and retried. Not in the config.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
