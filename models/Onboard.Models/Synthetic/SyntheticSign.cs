namespace Onboard.Models.Synthetic;

/// <summary>One class of synthetic sign: its name, outline, paint (sRGB bytes) and which colour-evidence
/// channel of the detector sees it.</summary>
public sealed record SyntheticSign(int ClassId, string Name, SignShape Shape, byte R, byte G, byte B, int EvidenceChannel)
{
    public ShapeGeometry Geometry => ShapeGeometry.For(Shape);
}
