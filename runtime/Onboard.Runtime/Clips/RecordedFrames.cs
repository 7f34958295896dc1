namespace Onboard.Runtime.Clips;

/// <summary>The frames as recorded, boxes not drawn: where OpenCV's native library is not available (linux-arm64).</summary>
public sealed class RecordedFrames : IClipFrameDrawer
{
    public bool Draws => false;

    public byte[] Draw(byte[] jpeg, IReadOnlyList<ClipBox> boxes) => jpeg;
}
