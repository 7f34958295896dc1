using System.Text.Json;

namespace Onboard.Runtime.Upload.Spool;

/// <summary>The uploader's side of the spool: leases in queue order, state updates, completion, recovery.</summary>
public sealed partial class UploadSpool
{
    /// <summary>Leases the next clip to upload (priority, then age), skipping refused and busy ones; null when none waits.</summary>
    internal SpoolEntry? TryLeaseNext()
    {
        lock (_lock)
        {
            SpoolEntry? best = null;
            foreach (SpoolEntry e in _entries.Values)
            {
                if (!e.Evicted && e.RefusedReason is null && !_busy.Contains(e.ClipId) && (best is null || QueueOrder(e, best) < 0))
                {
                    best = e;
                }
            }
            if (best is not null)
            {
                _busy.Add(best.ClipId);
            }
            return best;
        }
    }

    /// <summary>Leases an evicted clip whose server upload still has to be terminated.</summary>
    internal SpoolEntry? TryLeaseTermination()
    {
        lock (_lock)
        {
            foreach (SpoolEntry e in _entries.Values)
            {
                if (e.Evicted && !_busy.Contains(e.ClipId))
                {
                    _busy.Add(e.ClipId);
                    return e;
                }
            }
            return null;
        }
    }

    internal void Release(string clipId) => Abandon(clipId);

    /// <summary>Writes the clip's new state (atomically) before the caller acts on it.</summary>
    internal SpoolEntry Update(SpoolEntry entry)
    {
        lock (_lock)
        {
            if (!_entries.ContainsKey(entry.ClipId))
            {
                throw new InvalidOperationException($"clip {entry.ClipId} is no longer in the spool");
            }
            WriteStateUnsynchronized(entry);
            return entry;
        }
    }

    /// <summary>
    /// The server confirmed every byte. Counted first (naming the clip in <see cref="SpoolCounters.LastCompleted"/>), then
    /// the envelope goes, then its state: a crash anywhere in between leaves a state that recovery recognises as this
    /// completion and finishes, so the clip is counted exactly once.
    /// </summary>
    internal void Complete(SpoolEntry entry)
    {
        lock (_lock)
        {
            _counters = _counters with
            {
                UploadedClips = _counters.UploadedClips + 1,
                UploadedBytes = _counters.UploadedBytes + entry.CiphertextBytes,
                LastCompleted = entry.ClipId,
            };
            WriteCountersUnsynchronized();
            DurableFile.Delete(CiphertextPath(entry.ClipId));
            DurableFile.Delete(StatePath(entry.ClipId));
            _entries.Remove(entry.ClipId);
            _busy.Remove(entry.ClipId);
        }
    }

    /// <summary>An evicted clip's server upload is gone (terminated, or the server no longer had it): its tombstone goes.</summary>
    internal void FinishTermination(string clipId)
    {
        lock (_lock)
        {
            DurableFile.Delete(StatePath(clipId));
            _entries.Remove(clipId);
            _busy.Remove(clipId);
        }
    }

    /// <summary>Adds to the persisted totals (retries, re-creations, a failure by reason).</summary>
    internal void Count(long retries = 0, long recreated = 0, string? failure = null)
    {
        lock (_lock)
        {
            var failures = new Dictionary<string, long>(_counters.FailuresByReason, StringComparer.Ordinal);
            if (failure is not null)
            {
                failures[failure] = failures.GetValueOrDefault(failure) + 1;
            }
            _counters = _counters with { Retries = _counters.Retries + retries, Recreated = _counters.Recreated + recreated, FailuresByReason = failures };
            WriteCountersUnsynchronized();
        }
    }

    private SpoolRecovery Recover()
    {
        int temp = 0, orphans = 0, completions = 0, evictions = 0, unreadable = 0, unknown = 0;
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(CiphertextSuffix + DurableFile.TempSuffix, StringComparison.Ordinal)
                || name.EndsWith(StateSuffix + DurableFile.TempSuffix, StringComparison.Ordinal)
                || name == CountersFile + DurableFile.TempSuffix)
            {
                File.Delete(file);
                temp++;
            }
        }
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*" + StateSuffix))
        {
            string id = Path.GetFileName(file)[..^StateSuffix.Length];
            SpoolEntry? entry = TryReadState(file);
            if (entry is null || entry.ClipId != id)
            {
                unreadable++;   // left in place for a person to look at; never mistaken for a clip
                continue;
            }
            bool envelope = File.Exists(CiphertextPath(id));
            if (!entry.Evicted && id == _counters.LastCompleted)
            {
                File.Delete(CiphertextPath(id));   // uploaded and counted; the crash came before the deletes
                File.Delete(file);
                completions++;
                continue;
            }
            if (entry.Evicted)
            {
                if (envelope)
                {
                    File.Delete(CiphertextPath(id));
                    evictions++;
                }
                if (entry.UploadUrl is null)
                {
                    File.Delete(file);
                    continue;
                }
            }
            else if (!envelope)
            {
                // Admitted only halfway: state written, envelope not renamed in.
                File.Delete(file);
                orphans++;
                continue;
            }
            _entries[id] = entry;
        }
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*" + CiphertextSuffix))
        {
            if (!_entries.ContainsKey(Path.GetFileName(file)[..^CiphertextSuffix.Length]))
            {
                unknown++;
            }
        }
        if (temp + orphans + completions + evictions > 0)
        {
            DurableFile.SyncDirectory(Directory);
        }
        int clips = 0;
        foreach (SpoolEntry e in _entries.Values)
        {
            clips += e.Evicted ? 0 : 1;
        }
        return new SpoolRecovery(temp, orphans, completions, evictions, unreadable, unknown, clips);
    }

    internal static SpoolEntry? TryReadState(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(file), SpoolJsonContext.Default.SpoolEntry);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    private static SpoolCounters ReadCounters(string directory)
    {
        string path = Path.Combine(directory, CountersFile);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), SpoolJsonContext.Default.SpoolCounters) ?? new() : new();
        }
        catch (JsonException)
        {
            return new();
        }
    }

    /// <summary>The spool as it is on disk, read without recovering or writing anything (another process may own it).</summary>
    internal static (IReadOnlyList<SpoolEntry> Entries, SpoolCounters Counters) Read(string directory)
    {
        var entries = new List<SpoolEntry>();
        SpoolCounters counters = ReadCounters(directory);
        foreach (string file in System.IO.Directory.EnumerateFiles(directory, "*" + StateSuffix))
        {
            if (TryReadState(file) is { } e && e.ClipId != counters.LastCompleted
                && (e.Evicted || File.Exists(Path.Combine(directory, e.ClipId + CiphertextSuffix))))
            {
                entries.Add(e);
            }
        }
        entries.Sort(QueueOrder);
        return (entries, counters);
    }

    /// <summary>Whether anything is left to send: a clip not refused, or an eviction whose server upload is to be terminated.</summary>
    internal bool HasWork()
    {
        lock (_lock)
        {
            foreach (SpoolEntry e in _entries.Values)
            {
                if (e.Evicted || e.RefusedReason is null)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// For the status, in one view: every record (tombstones included), the totals, and the clips a worker has leased
    /// to upload. One lock, because a completion counts the clip, removes it and ends its lease at once: read apart,
    /// a status could show a clip uploaded and still uploading.
    /// </summary>
    internal (IReadOnlyList<SpoolEntry> Entries, SpoolCounters Counters, int Uploading) Snapshot()
    {
        lock (_lock)
        {
            var list = new List<SpoolEntry>(_entries.Values);
            list.Sort(QueueOrder);
            int uploading = 0;
            foreach (SpoolEntry e in list)
            {
                uploading += !e.Evicted && _busy.Contains(e.ClipId) ? 1 : 0;
            }
            return (list, _counters, uploading);
        }
    }
}
