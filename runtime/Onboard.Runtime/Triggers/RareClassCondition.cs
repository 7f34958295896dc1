
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>rareClass</c>: a frame holds a class named in <c>classes</c>, or one whose share of all detections over the
/// last <c>windowSeconds</c> is below <c>belowFraction</c>. Fires when such a class appears (it was absent from the
/// previous frame); re-arms on a frame without one. The running frequency is kept in <see cref="Buckets"/> time
/// buckets per class (the window slides a bucket at a time) and judged only once a whole window has been seen.
/// </summary>
internal sealed class RareClassCondition : TriggerCondition
{
    private const int Buckets = 64;

    private readonly bool[] _listed;
    private readonly int[] _counts;      // [bucket × classes]
    private readonly long[] _classTotals;
    private readonly long _bucketNs;
    private long _total;
    private long _firstNs = -1;
    private long _bucket = -1;
    private bool _present;

    /// <param name="rule">The rule.</param>
    /// <param name="classNames">The camera model's class names by id; their count sizes the counts (ids beyond are not counted).</param>
    public RareClassCondition(TriggerConfig rule, IReadOnlyList<string> classNames) : base(rule)
    {
        int classes = Math.Max(classNames.Count, 256); // a model without names still has its first 256 ids counted
        _listed = new bool[classes];
        for (int i = 0; i < classNames.Count; i++)
        {
            foreach (string c in rule.Classes)
            {
                _listed[i] |= c == classNames[i];
            }
        }
        _counts = new int[Buckets * classes];
        _classTotals = new long[classes];
        _bucketNs = Math.Max(1, Ns(rule.WindowSeconds) / Buckets);
    }

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        Advance(frame.CaptureMonoNs);
        int classes = _listed.Length;
        int at = (int)(_bucket % Buckets) * classes;
        foreach (var d in frame.Detections)
        {
            if ((uint)d.ClassId < (uint)classes)
            {
                _counts[at + d.ClassId]++;
                _classTotals[d.ClassId]++;
                _total++;
            }
        }
        bool warm = frame.CaptureMonoNs - _firstNs >= Ns(Rule.WindowSeconds);
        int rare = -1;
        double fraction = 0;
        foreach (var d in frame.Detections)
        {
            if ((uint)d.ClassId >= (uint)classes)
            {
                continue;
            }
            double share = _total == 0 ? 0 : (double)_classTotals[d.ClassId] / _total;
            if (_listed[d.ClassId] || (Rule.BelowFraction > 0 && warm && share < Rule.BelowFraction))
            {
                rare = d.ClassId;
                fraction = share;
                break;
            }
        }
        bool rising = rare >= 0 && !_present;
        _present = rare >= 0;
        if (!rising)
        {
            return false;
        }
        measure = new TriggerMeasure("class_id", rare, "fraction", fraction, "window_detections", _total);
        return true;
    }

    /// <summary>Moves to the bucket of <paramref name="nowNs"/>, emptying the buckets that slid out of the window.</summary>
    private void Advance(long nowNs)
    {
        if (_firstNs < 0)
        {
            _firstNs = nowNs;
        }
        long bucket = (nowNs - _firstNs) / _bucketNs;
        int classes = _listed.Length;
        long from = Math.Max(_bucket + 1, bucket - Buckets + 1);
        for (long b = from; b <= bucket; b++)
        {
            int at = (int)(b % Buckets) * classes;
            for (int c = 0; c < classes; c++)
            {
                _classTotals[c] -= _counts[at + c];
                _total -= _counts[at + c];
                _counts[at + c] = 0;
            }
        }
        _bucket = Math.Max(_bucket, bucket);
    }
}
