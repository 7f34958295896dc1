
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>periodic</c>: the unbiased sample beside the biased triggers — one firing every <c>everySeconds</c> of capture
/// time (the first a period after the camera's first frame), or each frame with <c>probability</c>, drawn from a
/// SplitMix64 stream seeded by <c>seed</c> and the camera id, so a replay of the same frames fires on the same ones.
/// </summary>
internal sealed class PeriodicCondition : TriggerCondition
{
    private readonly long _everyNs;
    private ulong _state;
    private long _nextNs = -1;

    public PeriodicCondition(TriggerConfig rule, string cameraId) : base(rule)
    {
        _everyNs = Ns(rule.EverySeconds);
        ulong hash = 14695981039346656037UL; // FNV-1a of the camera id: each camera its own stream
        foreach (char c in cameraId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        _state = (ulong)(uint)rule.Seed ^ hash;
    }

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        if (_everyNs > 0)
        {
            if (_nextNs < 0)
            {
                _nextNs = frame.CaptureMonoNs + _everyNs;
                return false;
            }
            if (frame.CaptureMonoNs < _nextNs)
            {
                return false;
            }
            // Frames missing for longer than a period do not make it fire several times in a row.
            _nextNs += Math.Max(1, (frame.CaptureMonoNs - _nextNs) / _everyNs + 1) * _everyNs;
            measure = new TriggerMeasure("every_seconds", Rule.EverySeconds);
            return true;
        }
        double draw = (NextRandom() >> 11) * (1.0 / (1UL << 53));
        if (draw >= Rule.Probability)
        {
            return false;
        }
        measure = new TriggerMeasure("draw", draw, "probability", Rule.Probability);
        return true;
    }

    private ulong NextRandom()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
