using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Onboard.Bench.Upload;

/// <summary>"MB/s": the clip bytes each call moves (<see cref="EnvelopeBenchmark.Bytes"/> or <see cref="UploadBenchmark.Bytes"/>) over its median time.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => "Throughput";
    public string ColumnName => "MB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "clip bytes per call (10^6) / median time";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long bytes = benchmarkCase.Descriptor.Type == typeof(UploadBenchmark) ? UploadBenchmark.Bytes : EnvelopeBenchmark.Bytes;
        double? ns = summary[benchmarkCase]?.ResultStatistics?.Median;
        return ns is double t && t > 0 ? (bytes / (t / 1e9) / 1e6).ToString("0", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
