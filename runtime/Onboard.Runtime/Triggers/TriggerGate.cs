using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// Whether a firing may cut a clip: not within <c>cooldownSeconds</c> of the rule's last clip on this camera, and
/// the rule's <c>maxPerHour</c> and <c>maxPerDay</c> not spent over the sliding hour and day (rings of the times of
/// the last max clips: the budget is spent when the oldest of them is less than an hour, or a day, ago). Only an
/// admitted firing counts against them. Time is the frames' monotonic capture time.
/// </summary>
internal sealed class TriggerGate
{
    private const long HourNs = 3_600_000_000_000L;
    private const long DayNs = 24 * HourNs;

    private readonly long _cooldownNs;
    private readonly long[] _hour;
    private readonly long[] _day;
    private int _hourCount, _dayCount;
    private long _lastNs = long.MinValue;

    public TriggerGate(double cooldownSeconds, int maxPerHour, int maxPerDay)
    {
        _cooldownNs = (long)(cooldownSeconds * 1e9);
        _hour = new long[maxPerHour];
        _day = new long[maxPerDay];
    }

    /// <summary>Decides for a firing at <paramref name="nowNs"/>; an admitted one is recorded.</summary>
    public TriggerSuppression Decide(long nowNs, out string? reason)
    {
        reason = null;
        if (_lastNs != long.MinValue && nowNs - _lastNs < _cooldownNs)
        {
            reason = FormattableString.Invariant($"cooldown: {(nowNs - _lastNs) / 1e9:0.###} s of {_cooldownNs / 1e9:0.###} s since the rule's last clip");
            return TriggerSuppression.Cooldown;
        }
        if (Spent(_hour, _hourCount, nowNs, HourNs))
        {
            reason = FormattableString.Invariant($"budget: maxPerHour {_hour.Length} spent");
            return TriggerSuppression.Budget;
        }
        if (Spent(_day, _dayCount, nowNs, DayNs))
        {
            reason = FormattableString.Invariant($"budget: maxPerDay {_day.Length} spent");
            return TriggerSuppression.Budget;
        }
        _lastNs = nowNs;
        _hour[_hourCount++ % _hour.Length] = nowNs;
        _day[_dayCount++ % _day.Length] = nowNs;
        return TriggerSuppression.None;
    }

    /// <summary>Full ring whose oldest entry (the next to be overwritten) is still inside the period.</summary>
    private static bool Spent(long[] ring, int count, long nowNs, long periodNs) =>
        count >= ring.Length && nowNs - ring[count % ring.Length] < periodNs;
}
