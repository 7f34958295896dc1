using System.Text.Json;
using Onboard.Runtime.Upload.Envelope;

namespace Onboard.Runtime.Upload.Spool;

/// <summary>
/// The durable upload queue over a spool directory: per clip <c>&lt;clip id&gt;.mcap.enc</c> (the envelope) and
/// <c>&lt;clip id&gt;.state.json</c> (its <see cref="SpoolEntry"/>), each written atomically. Admission writes the state
/// first and renames the envelope in after it; completion counts the clip (naming it), then deletes the envelope, then the state: so whatever moment a SIGKILL
/// hits, <see cref="Open"/> finds either a whole clip with its state, or leftovers it can remove (temp files, a state
/// whose envelope is gone), never an envelope it could mistake for another's. Queue order: priority (higher first),
/// then age (older first). One process owns a spool at a time.
/// </summary>
public sealed partial class UploadSpool
{
    public const string CiphertextSuffix = ".mcap.enc";
    public const string StateSuffix = ".state.json";
    public const string CountersFile = "upload-counters.json";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SpoolEntry> _entries = new(StringComparer.Ordinal);
    /// <summary>Clips a worker is uploading or a writer is admitting: the quota may not evict them.</summary>
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private SpoolCounters _counters;

    private UploadSpool(string directory, SpoolQuota? quota)
    {
        Directory = directory;
        Quota = quota;
        _counters = ReadCounters(directory);
        Recovery = Recover();
    }

    public string Directory { get; }

    /// <summary>The shared quota (<c>clips.quotaMb</c>); null = unbounded.</summary>
    public SpoolQuota? Quota { get; }

    public SpoolRecovery Recovery { get; }

    /// <summary>Raised (outside the spool's lock) when an admission evicted clips, with their ids, for the log.</summary>
    public event Action<string, IReadOnlyList<string>>? Evicted;

    /// <summary>Opens (creating) the spool and recovers it: temp files removed and counted, interrupted steps finished.</summary>
    public static UploadSpool Open(string directory, SpoolQuota? quota = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new UploadSpool(Path.GetFullPath(directory), quota);
    }

    public string CiphertextPath(string clipId) => Path.Combine(Directory, clipId + CiphertextSuffix);

    private string StatePath(string clipId) => Path.Combine(Directory, clipId + StateSuffix);

    /// <summary>Starts a clip that the recorder writes straight into the spool, encrypted (see <see cref="SpoolClipWriter"/>).</summary>
    internal SpoolClipWriter CreateClip(ClipInfo info, CloudPublicKey cloudKey, int segmentSize = ClipEnvelope.DefaultSegmentSize)
    {
        CheckClipId(info.ClipId);
        lock (_lock)
        {
            if (_entries.ContainsKey(info.ClipId) || !_busy.Add(info.ClipId))
            {
                throw new InvalidOperationException($"clip {info.ClipId} is already in the spool {Directory}");
            }
        }
        try
        {
            return new SpoolClipWriter(this, info, cloudKey, segmentSize);
        }
        catch
        {
            Abandon(info.ClipId);
            throw;
        }
    }

    /// <summary>
    /// Encrypts a plaintext clip file (e.g. the recorder's <c>&lt;clip id&gt;.mcap</c>) into the spool and deletes the
    /// plaintext once the envelope is durable. Idempotent: a plaintext left by a crash after its envelope was committed is just deleted.
    /// </summary>
    internal SpoolAdmission AdmitFile(string plaintextPath, ClipInfo info, CloudPublicKey cloudKey, int segmentSize = ClipEnvelope.DefaultSegmentSize)
    {
        SpoolEntry? existing = Get(info.ClipId);
        if (existing is not null)
        {
            DurableFile.Delete(plaintextPath);
            return new SpoolAdmission(info.ClipId, existing, [], null);
        }
        SpoolAdmission admission;
        using (SpoolClipWriter writer = CreateClip(info, cloudKey, segmentSize))
        {
            using (var source = new FileStream(plaintextPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                source.CopyTo(writer.Stream, segmentSize);
            }
            admission = writer.Commit();
        }
        if (admission.Admitted)
        {
            DurableFile.Delete(plaintextPath);
        }
        return admission;
    }

    /// <summary>The queue: clips not yet uploaded, in upload order (refused ones included, flagged).</summary>
    internal IReadOnlyList<SpoolEntry> Entries()
    {
        lock (_lock)
        {
            var list = new List<SpoolEntry>(_entries.Count);
            foreach (SpoolEntry e in _entries.Values)
            {
                if (!e.Evicted)
                {
                    list.Add(e);
                }
            }
            list.Sort(QueueOrder);
            return list;
        }
    }

    internal SpoolEntry? Get(string clipId)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(clipId, out SpoolEntry? e) && !e.Evicted ? e : null;
        }
    }

    internal SpoolCounters Counters
    {
        get
        {
            lock (_lock)
            {
                return _counters;
            }
        }
    }

    /// <summary>Orders by priority (higher first), then age (older first), then id (so the order is total).</summary>
    internal static int QueueOrder(SpoolEntry a, SpoolEntry b) =>
        a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority)
        : a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt)
        : string.CompareOrdinal(a.ClipId, b.ClipId);

    /// <summary>The clips the quota sees: everything held, busy ones not evictable.</summary>
    internal IReadOnlyList<SpoolQuotaItem> QuotaItems()
    {
        lock (_lock)
        {
            return QuotaItemsUnsynchronized();
        }
    }

    private List<SpoolQuotaItem> QuotaItemsUnsynchronized()
    {
        var items = new List<SpoolQuotaItem>(_entries.Count);
        foreach (SpoolEntry e in _entries.Values)
        {
            if (!e.Evicted)
            {
                items.Add(new SpoolQuotaItem(e.ClipId, e.CiphertextBytes, e.Priority, e.CreatedAt, !_busy.Contains(e.ClipId)));
            }
        }
        return items;
    }

    internal SpoolAdmission Commit(string tempPath, ClipInfo info, EnvelopeSummary summary)
    {
        var entry = new SpoolEntry
        {
            ClipId = info.ClipId,
            Camera = info.Camera,
            TriggerIds = info.TriggerIds,
            Priority = info.Priority,
            CreatedAt = info.CreatedAt,
            PlaintextBytes = summary.PlaintextBytes,
            CiphertextBytes = summary.CiphertextBytes,
            PlaintextSha256 = summary.PlaintextSha256,
            CiphertextSha256 = summary.CiphertextSha256,
            KeyId = summary.KeyId,
        };
        List<string> evicted = [];
        string? refused = null;
        lock (_lock)
        {
            try
            {
                if (Quota is not null)
                {
                    QuotaDecision decision = Quota.Decide(QuotaItemsUnsynchronized(), info.ClipId, summary.CiphertextBytes, info.Priority);
                    if (!decision.Admitted)
                    {
                        refused = decision.RefusedReason;
                        _counters = _counters with { RefusedClips = _counters.RefusedClips + 1 };
                        WriteCountersUnsynchronized();
                        File.Delete(tempPath);
                    }
                    else
                    {
                        foreach (SpoolQuotaItem victim in decision.Evict)
                        {
                            EvictUnsynchronized(victim.ClipId);
                            evicted.Add(victim.ClipId);
                        }
                    }
                }
                if (refused is null)
                {
                    // State first, envelope second: an envelope in the spool always has its state (see the class comment).
                    WriteStateUnsynchronized(entry);
                    DurableFile.Commit(tempPath, CiphertextPath(info.ClipId));
                }
            }
            catch
            {
                File.Delete(tempPath);
                if (!File.Exists(CiphertextPath(info.ClipId)))
                {
                    File.Delete(StatePath(info.ClipId));
                    _entries.Remove(info.ClipId);
                }
                throw;
            }
            finally
            {
                _busy.Remove(info.ClipId);
            }
        }
        if (evicted.Count > 0)
        {
            Evicted?.Invoke(info.ClipId, evicted);
        }
        return refused is null ? new SpoolAdmission(info.ClipId, entry, evicted, null) : new SpoolAdmission(info.ClipId, null, [], refused);
    }

    internal void Abandon(string clipId)
    {
        lock (_lock)
        {
            _busy.Remove(clipId);
        }
    }

    /// <summary>Evicts a clip: its envelope goes now; a clip with a server upload keeps a tombstone until the upload is terminated.</summary>
    private void EvictUnsynchronized(string clipId)
    {
        SpoolEntry e = _entries[clipId];
        if (e.UploadUrl is not null)
        {
            WriteStateUnsynchronized(e with { Evicted = true });
            DurableFile.Delete(CiphertextPath(clipId));
        }
        else
        {
            DurableFile.Delete(CiphertextPath(clipId));
            DurableFile.Delete(StatePath(clipId));
            _entries.Remove(clipId);
        }
        _counters = _counters with { EvictedClips = _counters.EvictedClips + 1 };
        WriteCountersUnsynchronized();
    }

    private void WriteStateUnsynchronized(SpoolEntry entry)
    {
        DurableFile.WriteAllBytes(StatePath(entry.ClipId), JsonSerializer.SerializeToUtf8Bytes(entry, SpoolJsonContext.Default.SpoolEntry));
        _entries[entry.ClipId] = entry;
    }

    private void WriteCountersUnsynchronized() =>
        DurableFile.WriteAllBytes(Path.Combine(Directory, CountersFile), JsonSerializer.SerializeToUtf8Bytes(_counters, SpoolJsonContext.Default.SpoolCounters));

    internal static void CheckClipId(string clipId)
    {
        bool ok = clipId.Length is > 0 and <= 200 && clipId[0] != '.';
        foreach (char c in clipId)
        {
            ok &= char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
        }
        if (!ok)
        {
            throw new ArgumentException($"clip id \"{clipId}\" may hold only letters, digits, '-', '_' and '.' (not first), at most 200 characters: it names files in the spool");
        }
    }
}
