using System.Globalization;
using Onboard.Runtime.Upload.Spool;
using Onboard.Runtime.Upload.Transfer;
using Onboard.Runtime.Upload.Tus;

namespace Onboard.Runtime.Upload;

/// <summary>
/// One attempt at one clip, as the tus protocol goes: create empty (persisting the URL before any PATCH) or HEAD to learn
/// the server's offset; PATCH chunk by chunk from there, persisting each confirmed offset; HEAD to confirm all of it;
/// only then delete the local clip. 409 → HEAD and go on; 404/410 → create anew (counted); 413 → the clip is refused
/// and kept. Anything transient is thrown as <see cref="TransientUploadException"/> for the retry pipeline.
/// </summary>
internal sealed class ClipUpload(UploadSpool spool, TusClient client, UploadOptions options, TokenBucket? bucket, BandwidthMeter meter,
    TimeProvider time, Action<string>? log)
{
    /// <summary>
    /// How often a confirmed offset mid-clip is written to the state. Resuming never trusts it (HEAD asks the server),
    /// so it is for status only, and two fsyncs per chunk cost more than the chunk on small chunks (measured).
    /// </summary>
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromSeconds(1);

    /// <summary>More 404/410s than this in one attempt means the server is not keeping uploads: back off instead.</summary>
    private const int MaxRecreationsPerAttempt = 3;

    private long ChunkBytes => options.ChunkKb * 1024L;

    public async Task RunAsync(string clipId, TusCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (spool.Get(clipId) is not { } e || e.RefusedReason is not null)
        {
            return;
        }
        e = spool.Update(e with { Attempts = e.Attempts + 1 });
        if (capabilities.MaxSize is long max && e.CiphertextBytes > max)
        {
            Refuse(e, $"the server's Tus-Max-Size is {max} bytes and the clip's envelope is {e.CiphertextBytes} bytes");
            return;
        }
        string path = spool.CiphertextPath(clipId);
        long length = e.CiphertextBytes;
        int recreations = 0;
        while (true)
        {
            try
            {
                Uri url;
                long offset;
                if (e.UploadUrl is null)
                {
                    url = await CreateAsync(e, capabilities, cancellationToken).ConfigureAwait(false);
                    offset = 0;
                    // Persisted before the first PATCH: after a crash the upload resumes here instead of starting over.
                    e = spool.Update(e with { UploadUrl = url.AbsoluteUri, ConfirmedBytes = 0, LastError = null });
                }
                else
                {
                    url = new Uri(e.UploadUrl);
                    offset = await ServerOffsetAsync(url, length, cancellationToken).ConfigureAwait(false);
                    if (offset != e.ConfirmedBytes)
                    {
                        e = spool.Update(e with { ConfirmedBytes = offset });
                    }
                }
                long saved = time.GetTimestamp();
                while (offset < length)
                {
                    try
                    {
                        offset = await PatchAsync(url, path, offset, Math.Min(ChunkBytes, length - offset), cancellationToken).ConfigureAwait(false);
                    }
                    catch (TusStatusException x) when (x.Status == 409)
                    {
                        spool.Count(failure: "offset-conflict");
                        offset = await ServerOffsetAsync(url, length, cancellationToken).ConfigureAwait(false);
                    }
                    e = e with { ConfirmedBytes = offset };
                    if (time.GetElapsedTime(saved) >= s_progressInterval)
                    {
                        e = spool.Update(e);
                        saved = time.GetTimestamp();
                    }
                }
                long confirmed = await ServerOffsetAsync(url, length, cancellationToken).ConfigureAwait(false);
                if (confirmed == length)
                {
                    spool.Complete(e);
                    log?.Invoke($"upload: clip {clipId} uploaded ({length} bytes, attempt {e.Attempts}) to {url}");
                    return;
                }
                e = spool.Update(e with { ConfirmedBytes = confirmed });
            }
            catch (TusStatusException x) when (x.IsGone)
            {
                if (++recreations > MaxRecreationsPerAttempt)
                {
                    throw new TransientUploadException("upload-gone", x.Message, x);
                }
                spool.Count(recreated: 1, failure: "upload-gone");
                log?.Invoke($"upload: clip {clipId}: the server no longer has its upload ({x.Status}); creating it anew");
                e = spool.Update(e with { UploadUrl = null, ConfirmedBytes = 0, Recreated = e.Recreated + 1, LastError = x.Message });
            }
            catch (TusStatusException x) when (x.Status == 413)
            {
                Refuse(e, $"the server refused it as too large: {x.Message}");
                return;
            }
            catch (TusStatusException x)
            {
                spool.Update(e with { LastError = x.Message });
                throw Classify(x);
            }
            catch (TransientUploadException x)
            {
                spool.Update(e with { LastError = x.Message });
                throw;
            }
        }
    }

    /// <summary>
    /// An empty creation, always, even where the server offers creation-with-upload: data sent in the POST goes out before
    /// its URL is known, so a crash before the answer would leave the server a clip (or a prefix) under a URL nobody
    /// learnt, and tus has no lookup by metadata: it would be sent again. An empty upload is all such a crash can leave.
    /// </summary>
    private async Task<Uri> CreateAsync(SpoolEntry e, TusCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (!capabilities.Supports("creation"))
        {
            throw new TransientUploadException("protocol", $"the tus server at {client.Endpoint} does not offer the creation extension");
        }
        return await client.CreateAsync(e.CiphertextBytes, TusMetadata.Encode(Metadata(e)), cancellationToken).ConfigureAwait(false);
    }

    private async Task<long> PatchAsync(Uri url, string path, long offset, long count, CancellationToken cancellationToken)
    {
        using StallTimer timer = client.NewTimer();
        using var body = new FileRegionContent(path, offset, count, bucket, n => Progress(timer, n));
        return await client.PatchAsync(url, offset, body, timer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>HEAD; an upload whose length is not this clip's, or that claims more bytes than it has, is not this clip's upload.</summary>
    private async Task<long> ServerOffsetAsync(Uri url, long length, CancellationToken cancellationToken)
    {
        (long offset, long? serverLength) = await client.HeadAsync(url, cancellationToken).ConfigureAwait(false);
        if ((serverLength is long l && l != length) || offset > length)
        {
            throw new TusStatusException("HEAD", url, 410, $"the upload there is {serverLength} bytes at offset {offset}, not this clip's {length} bytes");
        }
        return offset;
    }

    private void Progress(StallTimer timer, int bytes)
    {
        timer.Reset();
        meter.Record(bytes);
    }

    private void Refuse(SpoolEntry e, string reason)
    {
        spool.Update(e with { RefusedReason = reason, LastError = reason });
        spool.Count(failure: "too-large");
        log?.Invoke($"upload: clip {e.ClipId} refused and kept in the spool: {reason}");
    }

    private static TransientUploadException Classify(TusStatusException x) => x.Status switch
    {
        >= 500 => new TransientUploadException("server-5xx", x.Message, x),
        423 => new TransientUploadException("locked", x.Message, x),
        429 => new TransientUploadException("throttled", x.Message, x),
        _ => new TransientUploadException("http-" + x.Status.ToString(CultureInfo.InvariantCulture), x.Message, x),
    };

    private IEnumerable<KeyValuePair<string, string>> Metadata(SpoolEntry e)
    {
        yield return new("filename", e.ClipId + UploadSpool.CiphertextSuffix);
        yield return new("clipId", e.ClipId);
        yield return new("camera", e.Camera);
        yield return new("vehicleId", options.VehicleId);
        yield return new("triggerIds", string.Join(",", e.TriggerIds));
        yield return new("plaintextSha256", e.PlaintextSha256);
        yield return new("ciphertextSha256", e.CiphertextSha256);
        yield return new("keyId", e.KeyId);
    }
}
