namespace Onboard.Hil.Scenes;

/// <summary>A detection-level tracking sequence with ground-truth identities (frames a camera dropped are absent).</summary>
public sealed class TrackingSequence(string name, int width, int height, IReadOnlyList<SequenceFrame> frames)
{
    public string Name { get; } = name;
    public int Width { get; } = width;
    public int Height { get; } = height;
    public IReadOnlyList<SequenceFrame> Frames { get; } = frames;
}
