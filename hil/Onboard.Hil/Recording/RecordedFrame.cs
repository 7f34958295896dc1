using Onboard.Runtime.Frames;
using Onboard.Hil.Sources;

namespace Onboard.Hil.Recording;

/// <summary>A frame copied off the ingest thread for the recorder: a pooled buffer, the descriptor, who knows its truth.</summary>
internal sealed class RecordedFrame
{
    public string CameraId { get; set; } = "";
    public byte[] Buffer { get; set; } = [];
    public int Length { get; set; }
    public FrameDescriptor Descriptor { get; set; }
    public IGroundTruthSource? Truth { get; set; }
}
