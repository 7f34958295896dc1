using Onboard.Kernels.Postprocess;

namespace Onboard.Runtime.Triggers;

/// <summary>
/// One rule's detector on one camera: it sees every primary frame (and every shadow result) and says when the
/// rule fires, with the values that made it. Conditions are edge-triggered — each kind says when it re-arms — so a
/// condition that holds for a minute fires once, not 1,800 times; cooldown and budgets then decide whether the
/// firing cuts a clip. Implementations keep all their state in arrays sized at construction: a frame allocates nothing.
/// </summary>
internal abstract class TriggerCondition
{
    protected TriggerCondition(TriggerConfig rule)
    {
        Rule = rule;
    }

    public TriggerConfig Rule { get; }

    /// <summary>A primary frame; true when the rule fires on it (<paramref name="measure"/> says why).</summary>
    public virtual bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure) => false;

    /// <summary>
    /// A shadow result with the primary's detections of the same frame; true when the rule fires.
    /// </summary>
    public virtual bool OnShadow(ulong sequence, ReadOnlySpan<Detection> primary, ReadOnlySpan<Detection> shadow, ref TriggerMeasure measure) => false;

    protected static long Ns(double seconds) => (long)(seconds * 1e9);
}
