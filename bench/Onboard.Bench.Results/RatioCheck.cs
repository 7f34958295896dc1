namespace Onboard.Bench.Results;

/// <summary>One comparison against the baseline: its ratio then and now (NaN where absent) and the verdict.</summary>
public sealed record RatioCheck(string Key, double Baseline, double Latest, Verdict Verdict)
{
    /// <summary>Latest over baseline: 0.8 means ours lost a fifth of its lead over the peer.</summary>
    public double Change => Latest / Baseline;
}
