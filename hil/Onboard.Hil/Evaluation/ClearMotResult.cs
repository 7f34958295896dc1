namespace Onboard.Hil.Evaluation;

/// <summary>CLEAR MOT counts and scores as TrackEval reports them (MOTP as the mean IoU of matches, higher is better).</summary>
public sealed record ClearMotResult(
    int TruePositives,
    int FalseNegatives,
    int FalsePositives,
    int IdSwitches,
    int Fragmentations,
    int MostlyTracked,
    int PartiallyTracked,
    int MostlyLost,
    double MotpSum)
{
    /// <summary>(TP − FP − IDSW) / (TP + FN) = 1 − (FN + FP + IDSW) / GT.</summary>
    public double Mota => (TruePositives - FalsePositives - IdSwitches) / (double)Math.Max(1, TruePositives + FalseNegatives);

    public double Motp => MotpSum / Math.Max(1, TruePositives);

    public double Recall => TruePositives / (double)Math.Max(1, TruePositives + FalseNegatives);

    public double Precision => TruePositives / (double)Math.Max(1, TruePositives + FalsePositives);
}
