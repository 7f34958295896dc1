namespace Onboard.Runtime.Upload.Spool;

/// <summary>A clip held in the spool as the quota sees it. <paramref name="Evictable"/> is false for a clip being written or uploaded now.</summary>
internal readonly record struct SpoolQuotaItem(string ClipId, long Bytes, int Priority, DateTimeOffset CreatedAt, bool Evictable = true);
