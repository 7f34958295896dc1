namespace Onboard.Hil.Evaluation;

/// <summary>Detections matched against ground truth at one IoU threshold: counts and the mean IoU of matches.</summary>
public readonly record struct MatchResult(int TruePositives, int FalsePositives, int FalseNegatives, double IoUSum)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double MeanIoU => TruePositives == 0 ? 0 : IoUSum / TruePositives;

    public static MatchResult operator +(MatchResult a, MatchResult b) => new(
        a.TruePositives + b.TruePositives,
        a.FalsePositives + b.FalsePositives,
        a.FalseNegatives + b.FalseNegatives,
        a.IoUSum + b.IoUSum);
}
