using System.Globalization;
using Onboard.Runtime.Clips.Mcap;
using Onboard.Runtime.Upload.Spool;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// Plaintext clips in <c>clips.spool</c>, when nothing uploads them: <c>&lt;clip id&gt;.mcap</c>, written through
/// <see cref="AtomicFile"/> (temp name → fsync → rename → fsync the directory). The quota is <see cref="SpoolQuota"/>'s:
/// a clip is measured once written, then admitted (evicting lower-priority, then older clips) or refused and deleted.
/// Each clip's priority and creation time are read back from its <c>lineage</c> record when the store opens, so the
/// rule holds across restarts. Used by the recorders of every camera: <see cref="Store"/> is serialised.
/// </summary>
internal sealed class PlainClipStore : IClipStore
{
    private const string Suffix = ".mcap";

    private readonly SpoolQuota _quota;
    private readonly List<SpoolQuotaItem> _clips = [];
    private readonly Lock _gate = new();

    private PlainClipStore(string directory, SpoolQuota quota, int removed)
    {
        Directory = directory;
        _quota = quota;
        TempFilesRemoved = removed;
    }

    public string Directory { get; }

    public int TempFilesRemoved { get; }

    /// <summary>Creates the directory if needed, removes (and counts) temp files a crash left, and indexes the clips in it.</summary>
    public static PlainClipStore Open(string directory, SpoolQuota quota)
    {
        System.IO.Directory.CreateDirectory(directory);
        string full = Path.GetFullPath(directory);
        var store = new PlainClipStore(full, quota, AtomicFile.RemoveStale(full).Count);
        foreach (string file in System.IO.Directory.EnumerateFiles(full, "*" + Suffix))
        {
            store._clips.Add(Index(file));
        }
        return store;
    }

    public ClipStored Store(ClipInfo info, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(write);
        lock (_gate)
        {
            using AtomicFile file = AtomicFile.Create(Path.Combine(Directory, info.ClipId + Suffix));
            write(file.Stream);
            file.Stream.Flush();
            long bytes = file.Stream.Length;
            QuotaDecision decision = _quota.Decide(_clips, info.ClipId, bytes, info.Priority);
            if (!decision.Admitted)
            {
                return new ClipStored(info.ClipId, false, [], decision.RefusedReason, bytes);
            }
            var evicted = new List<string>();
            foreach (SpoolQuotaItem victim in decision.Evict)
            {
                File.Delete(Path.Combine(Directory, victim.ClipId + Suffix));
                _clips.Remove(victim);
                evicted.Add(victim.ClipId);
            }
            file.Commit();
            _clips.Add(new SpoolQuotaItem(info.ClipId, bytes, info.Priority, info.CreatedAt));
            return new ClipStored(info.ClipId, true, evicted, null, bytes);
        }
    }

    /// <summary>A clip already in the spool as the quota sees it; one without a readable lineage counts as priority 0.</summary>
    private static SpoolQuotaItem Index(string file)
    {
        string id = Path.GetFileNameWithoutExtension(file);
        var info = new FileInfo(file);
        int priority = 0;
        try
        {
            using McapReader reader = McapReader.Open(file);
            if (reader.ReadMetadata(ClipTopics.LineageRecord)?.Entries.TryGetValue(ClipLineage.PriorityKey, out string? p) == true)
            {
                _ = int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out priority);
            }
        }
        catch (IOException)
        {
            // Unreadable now: lowest priority, first to go.
        }
        return new SpoolQuotaItem(id, info.Length, priority, info.LastWriteTimeUtc);
    }
}
