namespace Onboard.Hil.Replay;

/// <summary>
/// One slot of an <see cref="ImageStream"/>: a recorded frame's pixels (raw, exactly <see cref="Length"/> bytes) or
/// JPEG bytes (the first <see cref="Length"/>) in a buffer the stream reuses, so a replay allocates only while its
/// few slots grow to the recording's frame size.
/// </summary>
public sealed class StreamedImage
{
    /// <summary>The frame's position among its camera's frames (0, 1, …), in sequence order.</summary>
    public int Index { get; internal set; }

    public ulong Sequence { get; internal set; }

    public string Encoding { get; internal set; } = "";

    public int Width { get; internal set; }

    public int Height { get; internal set; }

    public int Step { get; internal set; }

    public byte[] Buffer { get; internal set; } = [];

    public int Length { get; internal set; }

    public bool IsJpeg => Encoding == "jpeg";
}
