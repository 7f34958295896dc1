
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>latencySpike</c>: the primary's infer p99 over the last <c>windowSeconds</c> above <c>ms</c>. Exact without
/// sorting per frame: with n frames in the window, the nearest-rank p99 (the ⌈0.99 n⌉-th smallest) is above ms
/// exactly when more than n − ⌈0.99 n⌉ of them are, so a running count of frames over ms decides it; the p99 itself
/// is computed (sorted copy) only when it fires. Fires when the p99 goes above ms; re-arms when it is back at or below.
/// Frames whose infer time is unknown (0) are not counted.
/// </summary>
internal sealed class LatencySpikeCondition(TriggerConfig rule) : TriggerCondition(rule)
{
    private readonly long[] _times = new long[TriggerLimits.MaxWindowFrames];
    private readonly long[] _infer = new long[TriggerLimits.MaxWindowFrames];
    private readonly long[] _scratch = new long[TriggerLimits.MaxWindowFrames];
    private readonly long _thresholdNs = (long)(rule.Ms * 1e6);
    private int _head, _count, _over;
    private bool _above;

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        if (frame.InferNs <= 0)
        {
            return false;
        }
        long window = Ns(Rule.WindowSeconds);
        while (_count > 0 && (frame.CaptureMonoNs - _times[_head] > window || _count == _times.Length))
        {
            _over -= _infer[_head] > _thresholdNs ? 1 : 0;
            _head = (_head + 1) % _times.Length;
            _count--;
        }
        int tail = (_head + _count) % _times.Length;
        _times[tail] = frame.CaptureMonoNs;
        _infer[tail] = frame.InferNs;
        _count++;
        _over += frame.InferNs > _thresholdNs ? 1 : 0;
        int rank = (int)Math.Ceiling(0.99 * _count);
        bool above = _over > _count - rank;
        bool rising = above && !_above;
        _above = above;
        if (!rising)
        {
            return false;
        }
        measure = new TriggerMeasure("p99_ms", P99(rank) / 1e6, "frames", _count, "frames_over", _over);
        return true;
    }

    private long P99(int rank)
    {
        Span<long> values = _scratch.AsSpan(0, _count);
        for (int i = 0; i < _count; i++)
        {
            values[i] = _infer[(_head + i) % _infer.Length];
        }
        values.Sort();
        return values[rank - 1];
    }
}
