namespace Onboard.Runtime.Clips;

/// <summary>Draws boxes onto a JPEG frame for <c>onboard clip extract</c>; returns the JPEG to write.</summary>
public interface IClipFrameDrawer
{
    /// <summary>False while frames are written as recorded (boxes only in <c>frames.jsonl</c>).</summary>
    bool Draws { get; }

    byte[] Draw(byte[] jpeg, IReadOnlyList<ClipBox> boxes);
}
