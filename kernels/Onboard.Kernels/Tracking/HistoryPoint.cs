namespace Onboard.Kernels.Tracking;

/// <summary>An observed position of a track: the centre of the detection it was matched with, and that frame's capture time.</summary>
public struct HistoryPoint
{
    public long CaptureNs;
    public float X;
    public float Y;
}
