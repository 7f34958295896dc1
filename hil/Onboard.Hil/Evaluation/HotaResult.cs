namespace Onboard.Hil.Evaluation;

/// <summary>
/// HOTA and its parts (Luiten et al., IJCV 2020) per localisation threshold α = 0.05, 0.10, …, 0.95, and their means
/// over α, which is what is reported as HOTA, DetA, AssA and LocA.
/// </summary>
public sealed record HotaResult(double[] Alphas, double[] HotaPerAlpha, double[] DetAPerAlpha, double[] AssAPerAlpha, double[] LocAPerAlpha)
{
    public double Hota => HotaPerAlpha.Average();
    public double DetA => DetAPerAlpha.Average();
    public double AssA => AssAPerAlpha.Average();
    public double LocA => LocAPerAlpha.Average();
}
