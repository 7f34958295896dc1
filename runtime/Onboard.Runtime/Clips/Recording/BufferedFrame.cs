using Onboard.Runtime.Messaging.Contracts;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// One frame held for clips: its JPEG (at the recorded size) and, once the pipeline has them, its detections,
/// tracks and shadow output as the messages the clip stores. Made on the recorder thread; immutable once written.
/// </summary>
internal sealed class BufferedFrame
{
    public required ulong Sequence { get; init; }
    public required long CaptureMonoNs { get; init; }
    public required long CaptureUtcNs { get; init; }
    public required byte[] Jpeg { get; init; }

    /// <summary>The source frame's size (detections are in its pixels) and the JPEG's.</summary>
    public required int SourceWidth { get; init; }
    public required int SourceHeight { get; init; }
    public required int Width { get; init; }
    public required int Height { get; init; }

    public DetectionList? Detections { get; set; }
    public TrackList? Tracks { get; set; }
    public DetectionList? Shadow { get; set; }

    /// <summary>What it holds in memory, as the pre-buffer counts it.</summary>
    public long Bytes => Jpeg.Length + FrameCost.MetadataBytes;
}
