using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Pipeline;

/// <summary>
/// A snapshot of an engine's own counters and start-up times, taken by <see cref="IDetectionEngine.Stats"/> on any
/// thread (each value is read once; no consistency across values beyond the order noted on the shadow counters).
/// Health reports every field: adding an engine-side Health field is a field here, its line in <see cref="CopyTo"/>,
/// and the proto field.
/// </summary>
public readonly record struct EngineStats
{
    /// <summary>The session's first run, made during warm-up before any frame (zero for engines without one).</summary>
    public TimeSpan ColdRun { get; init; }

    /// <summary>The first real frame's inference after warm-up; zero until it has run.</summary>
    public TimeSpan FirstFrameInfer { get; init; }

    /// <summary>Candidates the decoders dropped because a score or box was NaN or infinite (DESIGN §7: counted, visible).</summary>
    public long DecodeNonFinite { get; init; }

    /// <summary>Candidates dropped because their box had zero or negative width or height.</summary>
    public long DecodeDegenerate { get; init; }

    /// <summary>Rows of NMS-in-graph or end-to-end outputs dropped for an out-of-range or non-integer class or box index.</summary>
    public long DecodeInvalidIndex { get; init; }

    // The shadow model's offers and outcomes: Offered = Skipped + Completed + Preempted (+ one running),
    // Completed = Published + Dropped (+ queued). An engine reads outcomes before offers, publishing before
    // completions, so a snapshot never shows more outcomes than offers.
    public long ShadowOffered { get; init; }
    public long ShadowSkipped { get; init; }
    public long ShadowCompleted { get; init; }
    public long ShadowPreempted { get; init; }
    public long ShadowPublished { get; init; }
    public long ShadowDropped { get; init; }

    /// <summary>Frames whose candidates exceeded the device NMS's cap (kernels "device" only).</summary>
    public long DeviceCapHits { get; init; }

    /// <summary>Writes every field into <paramref name="health"/> (the publisher thread's reused message).</summary>
    internal void CopyTo(Health health)
    {
        health.ColdRunMs = ColdRun.TotalMilliseconds;
        health.FirstFrameInferMs = FirstFrameInfer.TotalMilliseconds;
        health.DecodeNonFinite = (ulong)DecodeNonFinite;
        health.DecodeDegenerate = (ulong)DecodeDegenerate;
        health.DecodeInvalidIndex = (ulong)DecodeInvalidIndex;
        health.ShadowOffered = (ulong)ShadowOffered;
        health.ShadowSkipped = (ulong)ShadowSkipped;
        health.ShadowCompleted = (ulong)ShadowCompleted;
        health.ShadowPreempted = (ulong)ShadowPreempted;
        health.ShadowPublished = (ulong)ShadowPublished;
        health.ShadowDropped = (ulong)ShadowDropped;
        health.DeviceCapHits = (ulong)DeviceCapHits;
    }
}
