using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Onboard.Bench;

/// <summary>
/// One of a pair of summary columns for a peer timed in its own process (a Python script): the peer's own median for
/// the row, or the row's speed-up over it, so the comparison sits in the same table as our numbers.
/// </summary>
internal abstract class OwnProcessPeerColumn(bool speedUp, string idName, string displayName, string medianLegend, string speedUpLegend, string speedUpFormat) : IColumn
{
    public string Id => idName + (speedUp ? "SpeedUp" : "Median");
    public string ColumnName => speedUp ? "vs " + displayName : displayName + " median";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => speedUp ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => speedUp ? speedUpLegend : medianLegend;

    /// <summary>The peer's median for this row (µs) and how the median column shows it; null when it has none.</summary>
    protected abstract (double MedianMicroseconds, string Shown)? Peer(BenchmarkCase benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (Peer(benchmarkCase) is not { } peer)
        {
            return "n/a";
        }
        if (!speedUp)
        {
            return peer.Shown;
        }
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? (peer.MedianMicroseconds * 1000 / mean.Value).ToString(speedUpFormat, System.Globalization.CultureInfo.InvariantCulture) + "x" : "n/a";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
