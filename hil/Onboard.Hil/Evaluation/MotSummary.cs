namespace Onboard.Hil.Evaluation;

/// <summary>CLEAR MOT, identity and HOTA of one sequence.</summary>
public sealed record MotSummary(ClearMotResult Clear, IdentityResult Identity, HotaResult Hota)
{
    public static MotSummary Evaluate(IReadOnlyList<MotFrame> frames) =>
        new(ClearMot.Evaluate(frames), IdentityMetrics.Evaluate(frames), Evaluation.Hota.Evaluate(frames));
}
