using Onboard.Runtime.Upload.Spool;

namespace Onboard.Tests.Upload.Spool;

public sealed class SpoolQuotaTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SpoolQuota _quota = new(1000);

    [Fact]
    public void Decide_ClipThatFits_IsAdmittedWithoutEvicting()
    {
        QuotaDecision d = _quota.Decide([Item("a", 400, 1, 0)], "new", 600, 0);
        Assert.True(d.Admitted);
        Assert.Empty(d.Evict);
    }

    [Fact]
    public void Decide_SpoolFull_EvictsLowerPriorityFirstThenOlder()
    {
        SpoolQuotaItem[] held = [Item("p3-old", 300, 3, 0), Item("p1-new", 300, 1, 50), Item("p1-old", 300, 1, 10), Item("p9", 100, 9, 0)];
        QuotaDecision d = _quota.Decide(held, "new", 500, 3);
        Assert.True(d.Admitted);
        Assert.Equal(["p1-old", "p1-new"], d.Evict.Select(e => e.ClipId));
    }

    [Fact]
    public void Decide_OnlyHigherPriorityOrBusyClipsHeld_RefusesWithTheReason()
    {
        SpoolQuotaItem[] held = [Item("high", 500, 5, 0), Item("busy", 400, 0, 0, evictable: false)];
        QuotaDecision d = _quota.Decide(held, "new", 300, 2);
        Assert.False(d.Admitted);
        Assert.Empty(d.Evict);
        Assert.Contains("clip new", d.RefusedReason, StringComparison.Ordinal);
        Assert.Contains("does not fit", d.RefusedReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClipLargerThanTheQuota_IsRefusedWithoutEvicting()
    {
        QuotaDecision d = _quota.Decide([Item("a", 100, 0, 0)], "huge", 1001, 9);
        Assert.False(d.Admitted);
        Assert.Contains("larger than the whole spool quota", d.RefusedReason, StringComparison.Ordinal);
    }

    private static SpoolQuotaItem Item(string id, long bytes, int priority, int seconds, bool evictable = true) =>
        new(id, bytes, priority, s_t0.AddSeconds(seconds), evictable);
}
