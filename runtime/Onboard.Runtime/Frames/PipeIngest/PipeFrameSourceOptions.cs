namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>A pipe-ingest source: its name, the largest frame it accepts, and how it treats a slow consumer.</summary>
internal sealed record PipeFrameSourceOptions
{
    public required string Name { get; init; }

    /// <summary>Largest frame accepted (bytes, all planes); bigger headers are rejected. Default: 3840×2160 BGRA.</summary>
    public long MaxFrameBytes { get; init; } = 3840L * 2160 * 4;

    /// <summary>Frames read but not yet acquired; beyond this the oldest is dropped (or the reader waits, in Block mode).</summary>
    public int QueueCapacity { get; init; } = 2;

    public IngestBackpressure Backpressure { get; init; } = IngestBackpressure.DropOldest;
}
