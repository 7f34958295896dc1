using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Onboard.Bench.Messaging;

/// <summary>"CPU µs/msg": the process's CPU time per message, all threads (see <see cref="CpuPerMessage"/>).</summary>
public sealed class CpuPerMessageColumn : IColumn
{
    public string Id => "CpuPerMessage";
    public string ColumnName => "CPU µs/msg";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "CPU time of every thread of the process per message (caller + I/O threads); unaffected by other load";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? ns = CpuPerMessage.Load(benchmarkCase.Descriptor.WorkloadMethod.Name,
            (int)benchmarkCase.Parameters[nameof(NetMqPublishBenchmark.PayloadBytes)],
            (bool)benchmarkCase.Parameters[nameof(NetMqPublishBenchmark.Curve)]);
        return ns is double t ? (t / 1000).ToString("0.00", CultureInfo.InvariantCulture) : "-";
    }

    public override string ToString() => ColumnName;
}
