
namespace Onboard.Runtime.Triggers;

/// <summary>
/// <c>manual</c>: asked for from outside (<c>onboard trigger --camera front [--note TEXT]</c> over the control
/// socket). <see cref="Request"/> may be called from any thread; the request fires on the camera's next frame, so
/// it is stamped with that frame's header like every other firing.
/// </summary>
internal sealed class ManualCondition(TriggerConfig rule) : TriggerCondition(rule)
{
    private string? _pending;

    /// <summary>The note of the request that fired last (read on the evaluating thread right after it fired).</summary>
    public string Note { get; private set; } = "";

    /// <summary>False when a request is already waiting for the next frame (it would merge into the same firing anyway).</summary>
    public bool Request(string note) => Interlocked.CompareExchange(ref _pending, note ?? "", null) is null;

    public override bool OnFrame(in TriggerFrame frame, ref TriggerMeasure measure)
    {
        if (Volatile.Read(ref _pending) is null)
        {
            return false;
        }
        Note = Interlocked.Exchange(ref _pending, null) ?? "";
        measure = new TriggerMeasure("requested", 1);
        return true;
    }
}
