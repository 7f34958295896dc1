using BenchmarkDotNet.Running;

namespace Onboard.Bench.Report;

/// <summary>
/// A benchmark class as the report runs it: its table's title, its comparisons, and which of its cases
/// <c>bench-quick</c> keeps (the full run keeps every case; the quick one also only the compared methods).
/// </summary>
internal sealed record Suite(string Title, Type Benchmark, IReadOnlyList<Comparison> Comparisons, Func<BenchmarkCase, bool>? KeepWhenQuick = null)
{
    /// <summary>The methods the comparisons need.</summary>
    public IEnumerable<string> Methods =>
        Comparisons.Select(c => c.OursMethod).Concat(Comparisons.Where(c => c.PeerMethod is not null).Select(c => c.PeerMethod!)).Distinct();
}
