using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Onboard.Bench.Postprocess;

/// <summary>Summary columns with the Python peer's own median and each row's speed-up over it, so the
/// comparison sits in the same table as our numbers.</summary>
internal sealed class PythonPeerColumn(bool speedUp) : IColumn
{
    public string Id => speedUp ? "PythonSpeedUp" : "PythonMedian";
    public string ColumnName => speedUp ? "vs Python" : "Python median";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => speedUp ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => speedUp
        ? "Python peer median / this row's mean (single-threaded both)"
        : "bench/peers/yolov8_postprocess.py (numpy + cv2.dnn.NMSBoxes, class offsets), timed in its own process";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        PythonPeer.Result? peer = PythonPeer.Load();
        if (peer is null)
        {
            return "n/a";
        }
        if (!speedUp)
        {
            return FormattableString.Invariant($"{peer.MedianMicroseconds:0.0} us{(peer.SameAsOurs ? "" : " (DIFFERENT detections)")}");
        }
        double? mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return mean is > 0 ? FormattableString.Invariant($"{peer.MedianMicroseconds * 1000 / mean.Value:0.0}x") : "n/a";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
