namespace Onboard.Hil.Scenes;

/// <summary>One generated frame: BGR24 pixels (tightly packed rows) and what is really in it.</summary>
public sealed class Scene(int index, byte[] pixels, int width, int height, IReadOnlyList<GroundTruth> truths)
{
    public int Index { get; } = index;
    public byte[] Pixels { get; } = pixels;
    public int Width { get; } = width;
    public int Height { get; } = height;
    public int Stride => Width * 3;
    public IReadOnlyList<GroundTruth> Truths { get; } = truths;
}
