namespace Onboard.Runtime.Triggers;

/// <summary>
/// One rule's counts on one camera, for Health: firings, those whose clip a cooldown or a budget suppressed, and
/// clips written that hold one of its firings. Written by the evaluating thread (and the recorder, for clips),
/// read by the health publisher: every field is read and written atomically.
/// </summary>
internal sealed class TriggerCounters
{
    private long _fired, _cooldown, _budget, _clips;

    public long Fired => Interlocked.Read(ref _fired);
    public long SuppressedByCooldown => Interlocked.Read(ref _cooldown);
    public long SuppressedByBudget => Interlocked.Read(ref _budget);
    public long ClipsWritten => Interlocked.Read(ref _clips);

    internal void OnFired() => Interlocked.Increment(ref _fired);
    internal void OnCooldown() => Interlocked.Increment(ref _cooldown);
    internal void OnBudget() => Interlocked.Increment(ref _budget);
    internal void OnClipWritten() => Interlocked.Increment(ref _clips);
}
