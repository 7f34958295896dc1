namespace Onboard.Models.Synthetic;

/// <summary>
/// The classes the synthetic sign detector knows and the scene generator draws. The detector's evidence
/// is colour (red, blue, yellow) plus shape moments: red discs and red triangles share the red channel
/// and are told apart by the triangle's vertical skew; the octagon is painted yellow so it is not
/// confused with the red disc, whose moments it nearly shares.
/// </summary>
public static class SyntheticSignCatalog
{
    public const int RedEvidence = 0;
    public const int BlueEvidence = 1;
    public const int YellowEvidence = 2;
    public const int EvidenceChannels = 3;

    public static IReadOnlyList<SyntheticSign> Signs { get; } =
    [
        new(0, "red_circle", SignShape.Disc, 215, 35, 35, RedEvidence),
        new(1, "red_triangle", SignShape.Triangle, 215, 35, 35, RedEvidence),
        new(2, "blue_circle", SignShape.Disc, 30, 80, 200, BlueEvidence),
        new(3, "octagon", SignShape.Octagon, 235, 200, 30, YellowEvidence),
    ];

    public static IReadOnlyList<string> ClassNames { get; } = Signs.Select(s => s.Name).ToArray();
}
