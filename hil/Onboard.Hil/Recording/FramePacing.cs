namespace Onboard.Hil.Recording;

/// <summary>How a HIL source (a scenario, a recording) hands out its frames.</summary>
public enum FramePacing
{
    /// <summary>Every frame in order as soon as the previous one has gone through the pipeline; capture times are
    /// the nominal ones (a recording's own), so two runs see the same inputs. Deadlines do not apply.</summary>
    Lockstep,
    /// <summary>Every frame in order at its due time (start + offset), or once the previous one is through when the
    /// pipeline is slower: no drops, real latencies. What scenarios run with.</summary>
    Paced,
    /// <summary>At the recorded timing; a frame the pipeline was too busy to take is skipped, as on the vehicle.</summary>
    Realtime,
}
