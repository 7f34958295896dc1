namespace Onboard.Runtime.Triggers;

/// <summary>What a trigger rule watches (the config's <c>triggers[].kind</c>; names in <see cref="TriggerKinds"/>).</summary>
public enum TriggerKind
{
    LowConfidence,
    RareClass,
    ShadowDisagreement,
    TrackFlicker,
    ClassFlip,
    LateDetection,
    DeadlineMiss,
    LatencySpike,
    Manual,
    Periodic,
}
