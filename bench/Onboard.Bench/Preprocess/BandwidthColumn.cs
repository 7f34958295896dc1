using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Onboard.Kernels.Imaging;

namespace Onboard.Bench.Preprocess;

/// <summary>"GB/s": bytes each call reads plus bytes it writes, over its median time.</summary>
public sealed class BandwidthColumn : IColumn
{
    public string Id => "Bandwidth";
    public string ColumnName => "GB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "(bytes read + bytes written) per call / median time";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        long bytes = benchmarkCase.Descriptor.WorkloadMethod.Name switch
        {
            nameof(PreprocessBenchmark.Onboard) => PreprocessBenchmark.BytesTouched((PixelFormat)benchmarkCase.Parameters["Format"]),
            nameof(PreprocessBenchmark.CopyTensor) => 2L * 3 * PreprocessBenchmark.Width * PreprocessBenchmark.Height * sizeof(float),
            nameof(CopyBandwidthBenchmark.Copy) => 2L * CopyBandwidthBenchmark.Bytes,
            _ => 0,
        };
        double? ns = summary[benchmarkCase]?.ResultStatistics?.Median;
        return bytes > 0 && ns is double t && t > 0 ? (bytes / t).ToString("0.0", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
