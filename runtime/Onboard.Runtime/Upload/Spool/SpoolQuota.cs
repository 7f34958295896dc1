using System.Globalization;

namespace Onboard.Runtime.Upload.Spool;

/// <summary>
/// The spool's one quota and eviction rule (<c>clips.quotaMb</c>), shared by the clip recorder (plaintext clips) and
/// the upload spool (encrypted clips) so both evict the same clips for the same reasons:
/// a new clip that fits is admitted; otherwise clips of LOWER OR EQUAL priority are evicted, lowest priority first,
/// then oldest first, until it fits. A clip is never evicted for one of lower priority, nor while it is being written
/// or uploaded. A clip that cannot fit even so (larger than the quota, or the rest is held by clips it may not evict)
/// is refused with the reason.
/// </summary>
public sealed class SpoolQuota
{
    public SpoolQuota(long quotaBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quotaBytes);
        QuotaBytes = quotaBytes;
    }

    public long QuotaBytes { get; }

    public static SpoolQuota FromMegabytes(double quotaMb) => new((long)(quotaMb * 1024 * 1024));

    internal QuotaDecision Decide(IEnumerable<SpoolQuotaItem> held, string clipId, long bytes, int priority)
    {
        ArgumentNullException.ThrowIfNull(held);
        if (bytes > QuotaBytes)
        {
            return QuotaDecision.Refuse($"clip {clipId} is {Mb(bytes)}, larger than the whole spool quota (clips.quotaMb = {Mb(QuotaBytes)})");
        }
        long used = 0;
        var candidates = new List<SpoolQuotaItem>();
        foreach (SpoolQuotaItem item in held)
        {
            used += item.Bytes;
            if (item.Evictable && item.Priority <= priority)
            {
                candidates.Add(item);
            }
        }
        if (used + bytes <= QuotaBytes)
        {
            return new QuotaDecision(true, [], null);
        }
        candidates.Sort(static (a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority)
            : a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.ClipId, b.ClipId));
        var evict = new List<SpoolQuotaItem>();
        foreach (SpoolQuotaItem c in candidates)
        {
            if (used + bytes <= QuotaBytes)
            {
                break;
            }
            evict.Add(c);
            used -= c.Bytes;
        }
        if (used + bytes > QuotaBytes)
        {
            long freeable = 0;
            foreach (SpoolQuotaItem c in candidates)
            {
                freeable += c.Bytes;
            }
            return QuotaDecision.Refuse($"clip {clipId} ({Mb(bytes)}, priority {priority}) does not fit the spool quota of {Mb(QuotaBytes)}: " +
                $"{Mb(used + freeable)} is held, and only {Mb(freeable)} of it by clips of priority ≤ {priority} not in use that could be evicted for it");
        }
        return new QuotaDecision(true, evict, null);
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.###", CultureInfo.InvariantCulture) + " MB";
}
