using Onboard.Bench.Results;
using static Onboard.Tests.Bench.BenchFixtures;

namespace Onboard.Tests.Bench;

/// <summary>The regression guard compares ratios, never times: fixture data only.</summary>
public class RatioGuardTests
{
    [Fact]
    public void Compare_RatioFallenByMoreThanTheMargin_IsRegressed()
    {
        // 5× ahead before, 3× now: 0.6 of the baseline, below 1 − 0.25.
        IReadOnlyList<RatioCheck> checks = new RatioGuard(0.25).Compare([Preprocess("widest", 1, 5)], [Preprocess("widest", 1, 3)]);

        RatioCheck check = Assert.Single(checks);
        Assert.Equal(Verdict.Regressed, check.Verdict);
        Assert.Equal(5, check.Baseline, 9);
        Assert.Equal(3, check.Latest, 9);
        Assert.Equal(0.6, check.Change, 9);
    }

    [Fact]
    public void Compare_BothTimesSlowerButTheRatioKept_IsHeld()
    {
        // A loaded machine doubles both medians; the ratio, and so the verdict, stays.
        IReadOnlyList<RatioCheck> checks = new RatioGuard().Compare([Preprocess("widest", 0.5, 2.5)], [Preprocess("widest", 1, 5)]);

        Assert.Equal(Verdict.Held, Assert.Single(checks).Verdict);
    }

    [Theory]
    [InlineData(4.0, Verdict.Held)]      // 0.80 of the baseline: inside a 25 % margin
    [InlineData(3.76, Verdict.Held)]     // 0.752
    [InlineData(3.74, Verdict.Regressed)] // 0.748
    [InlineData(6.6, Verdict.Held)]      // 1.32: below 1 / 0.75
    [InlineData(6.7, Verdict.Improved)]  // 1.34
    public void Compare_JudgesAgainstTheStatedMargin(double latestPeerMs, Verdict expected)
    {
        IReadOnlyList<RatioCheck> checks = new RatioGuard(0.25).Compare([Decode(1, 5)], [Decode(1, latestPeerMs)]);

        Assert.Equal(expected, Assert.Single(checks).Verdict);
    }

    [Fact]
    public void Compare_MatchesByKey_WidthsAreSeparateComparisons()
    {
        Ratio[] baseline = [Preprocess("widest", 1, 6), Preprocess("128-bit", 1, 2)];
        Ratio[] latest = [Preprocess("128-bit", 1, 2.1), Preprocess("widest", 1, 3)];

        IReadOnlyList<RatioCheck> checks = new RatioGuard(0.25).Compare(baseline, latest);

        Assert.Equal(Verdict.Held, checks.Single(c => c.Key.Contains("128-bit", StringComparison.Ordinal)).Verdict);
        Assert.Equal(Verdict.Regressed, checks.Single(c => c.Key.Contains("widest", StringComparison.Ordinal)).Verdict);
    }

    [Fact]
    public void Compare_ReportsNewAndMissingComparisonsWithoutFlaggingThem()
    {
        IReadOnlyList<RatioCheck> checks = new RatioGuard().Compare([Decode(1, 5)], [Preprocess("widest", 1, 5)]);

        Assert.Equal([Verdict.New, Verdict.Missing], checks.Select(c => c.Verdict));
        Assert.True(double.IsNaN(checks[0].Baseline));
        Assert.True(double.IsNaN(checks[1].Latest));
        Assert.DoesNotContain(checks, c => c.Verdict == Verdict.Regressed);
    }

    [Fact]
    public void Compare_ARatioThatCouldNotBeFormed_IsMissingNotRegressed()
    {
        // A peer that failed leaves a NaN median: the guard says so instead of flagging a fall to NaN.
        IReadOnlyList<RatioCheck> checks = new RatioGuard().Compare([Decode(1, 5)], [Decode(1, double.NaN)]);

        Assert.Equal(Verdict.Missing, Assert.Single(checks).Verdict);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.1)]
    public void Constructor_RejectsAMarginOutsideZeroToOne(double margin)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatioGuard(margin));
    }
}
