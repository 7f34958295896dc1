namespace Onboard.Bench.Results;

/// <summary>How a ratio compares with the committed baseline's.</summary>
public enum Verdict
{
    /// <summary>Within the margin either way.</summary>
    Held,

    /// <summary>Worse than the baseline by more than the margin: flagged.</summary>
    Regressed,

    /// <summary>Better than the baseline by more than the margin (the baseline may want refreshing).</summary>
    Improved,

    /// <summary>Not in the baseline (a new comparison).</summary>
    New,

    /// <summary>In the baseline but not measured this run (a peer missing, or a suite not run).</summary>
    Missing,
}
