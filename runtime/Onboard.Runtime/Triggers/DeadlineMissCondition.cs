
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>deadlineMiss</c>: ≥ <c>count</c> late frames within <c>windowSeconds</c>. The last <c>count</c> late frames'
/// times are kept in a ring; it fires when the oldest of them is inside the window, then counts afresh.
/// </summary>
internal sealed class DeadlineMissCondition(TriggerConfig rule) : TriggerCondition(rule)
{
    private readonly long[] _late = new long[rule.Count];
    private int _seen;

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        if (!frame.Late)
        {
            return false;
        }
        _late[_seen % _late.Length] = frame.CaptureMonoNs;
        _seen++;
        long oldest = _late[_seen % _late.Length];
        if (_seen < _late.Length || frame.CaptureMonoNs - oldest > Ns(Rule.WindowSeconds))
        {
            return false;
        }
        measure = new TriggerMeasure("late_frames", _late.Length, "seconds", (frame.CaptureMonoNs - oldest) / 1e9);
        _seen = 0;
        return true;
    }
}
