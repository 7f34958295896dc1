using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Onboard.Bench.Messaging;

/// <summary>"msg/s": messages per second, from the mean time per message (benchmarks that count one operation per message).</summary>
public sealed class MessagesPerSecondColumn : IColumn
{
    public string Id => "MessagesPerSecond";
    public string ColumnName => "msg/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "messages per second: 1 s / mean time per message (send + receive, one thread)";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? ns = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return ns is double t && t > 0 ? (1e9 / t).ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
