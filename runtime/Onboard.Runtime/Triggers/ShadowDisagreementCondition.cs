using Onboard.Kernels.Geometry;
using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>shadowDisagreement</c>: the primary's and the shadow's boxes of one frame are matched greedily by IoU ≥
/// <c>iou</c>, same class first; a pair that overlaps that well only across classes is a class mismatch; every box
/// left over on either side is unmatched. Fires when unmatched + mismatched ≥ <c>minDifferences</c> on <c>frames</c>
/// consecutive shadow results; re-arms on a result that agrees.
/// </summary>
internal sealed class ShadowDisagreementCondition : TriggerCondition
{
    private readonly bool[] _primaryUsed;
    private readonly bool[] _shadowUsed;
    private int _run;

    public ShadowDisagreementCondition(TriggerConfig rule, int maxDetections) : base(rule)
    {
        _primaryUsed = new bool[maxDetections];
        _shadowUsed = new bool[maxDetections];
    }

    public override bool OnShadow(ulong sequence, ReadOnlySpan<Detection> primary, ReadOnlySpan<Detection> shadow, ref TriggerMeasure measure)
    {
        (int unmatched, int mismatched) = Compare(primary, shadow);
        if (unmatched + mismatched < Rule.MinDifferences)
        {
            _run = 0;
            return false;
        }
        if (++_run != Rule.Frames)
        {
            return false;
        }
        measure = new TriggerMeasure("unmatched", unmatched, "class_mismatches", mismatched, "frames", _run);
        return true;
    }

    /// <summary>Boxes of either side left unmatched, and class mismatches (each pair counted once).</summary>
    internal (int Unmatched, int Mismatched) Compare(ReadOnlySpan<Detection> primary, ReadOnlySpan<Detection> shadow)
    {
        int np = Math.Min(primary.Length, _primaryUsed.Length), ns = Math.Min(shadow.Length, _shadowUsed.Length);
        primary = primary[..np];
        shadow = shadow[..ns];
        Array.Clear(_primaryUsed, 0, np);
        Array.Clear(_shadowUsed, 0, ns);
        int matched = Match(primary, shadow, classAware: true);
        int mismatched = Match(primary, shadow, classAware: false);
        return (np + ns - 2 * (matched + mismatched), mismatched);
    }

    /// <summary>Greedy: each primary box (best first) takes the unused shadow box it overlaps most.</summary>
    private int Match(ReadOnlySpan<Detection> primary, ReadOnlySpan<Detection> shadow, bool classAware)
    {
        float threshold = (float)Rule.Iou;
        int pairs = 0;
        for (int i = 0; i < primary.Length; i++)
        {
            if (_primaryUsed[i])
            {
                continue;
            }
            int best = -1;
            float bestIou = threshold;
            for (int j = 0; j < shadow.Length; j++)
            {
                if (_shadowUsed[j] || (classAware && shadow[j].ClassId != primary[i].ClassId))
                {
                    continue;
                }
                float iou = BoxF.IoU(primary[i].Box, shadow[j].Box);
                if (iou >= bestIou)
                {
                    best = j;
                    bestIou = iou;
                }
            }
            if (best >= 0)
            {
                _primaryUsed[i] = true;
                _shadowUsed[best] = true;
                pairs++;
            }
        }
        return pairs;
    }
}
