namespace Onboard.Hil.Evaluation;

/// <summary>mAP@0.5 and mAP@0.5:0.95 (−1 when no class has ground truth) and the per-class results.</summary>
public sealed record CocoResult(double Map50, double Map50To95, IReadOnlyList<CocoClassResult> PerClass);
