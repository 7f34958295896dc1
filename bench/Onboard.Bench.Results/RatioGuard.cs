namespace Onboard.Bench.Results;

/// <summary>
/// The regression guard: compares this run's ratios with the committed baseline's, key by key, and flags every
/// ratio that fell by more than <see cref="Margin"/> (as a fraction of the baseline ratio). Absolute times are
/// never compared: they follow the machine and its load, while ours and the peer, measured in the same run,
/// share both.
/// </summary>
public sealed class RatioGuard
{
    /// <summary>The default margin: on a shared two-core machine ratios of the same build move by up to ~15 % between runs.</summary>
    public const double DefaultMargin = 0.25;

    public RatioGuard(double margin = DefaultMargin)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(margin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(margin, 1);
        Margin = margin;
    }

    public double Margin { get; }

    /// <summary>Every key of either run, in the latest run's order, then the baseline's missing ones.</summary>
    public IReadOnlyList<RatioCheck> Compare(IReadOnlyList<Ratio> baseline, IReadOnlyList<Ratio> latest)
    {
        var before = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Ratio r in baseline)
        {
            before[r.Key] = r.Value;
        }
        var checks = new List<RatioCheck>(latest.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Ratio r in latest)
        {
            seen.Add(r.Key);
            checks.Add(before.TryGetValue(r.Key, out double then)
                ? new RatioCheck(r.Key, then, r.Value, Judge(then, r.Value))
                : new RatioCheck(r.Key, double.NaN, r.Value, Verdict.New));
        }
        foreach (Ratio r in baseline)
        {
            if (seen.Add(r.Key))
            {
                checks.Add(new RatioCheck(r.Key, r.Value, double.NaN, Verdict.Missing));
            }
        }
        return checks;
    }

    private Verdict Judge(double baseline, double latest)
    {
        if (!double.IsFinite(baseline) || !double.IsFinite(latest) || baseline <= 0)
        {
            // A ratio that could not be formed (a zero or missing time) is as good as not measured.
            return double.IsFinite(latest) && latest > 0 ? Verdict.New : Verdict.Missing;
        }
        double change = latest / baseline;
        return change < 1 - Margin ? Verdict.Regressed : change > 1 / (1 - Margin) ? Verdict.Improved : Verdict.Held;
    }
}
