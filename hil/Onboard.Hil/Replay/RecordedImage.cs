namespace Onboard.Hil.Replay;

/// <summary>One recorded frame: its sequence and capture time, and either raw pixels (foxglove.RawImage) or a JPEG.</summary>
public sealed record RecordedImage(ulong Sequence, long CaptureUtcNs, string Encoding, int Width, int Height, int Step, byte[] Data)
{
    public bool IsJpeg => Encoding == "jpeg";
}
