namespace Onboard.Hil.Evaluation;

/// <summary>Identity metrics (Ristani et al. 2016): detections matched under the best one-to-one truth ↔ track identity map.</summary>
public sealed record IdentityResult(int IdTruePositives, int IdFalseNegatives, int IdFalsePositives)
{
    public double Idf1 => IdTruePositives / Math.Max(1, IdTruePositives + 0.5 * IdFalsePositives + 0.5 * IdFalseNegatives);

    public double IdRecall => IdTruePositives / (double)Math.Max(1, IdTruePositives + IdFalseNegatives);

    public double IdPrecision => IdTruePositives / (double)Math.Max(1, IdTruePositives + IdFalsePositives);
}
