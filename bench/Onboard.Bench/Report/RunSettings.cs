using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;

namespace Onboard.Bench.Report;

/// <summary>How long each part of a report runs: <see cref="Full"/> for <c>make bench</c>, <see cref="Quick"/> for <c>make bench-quick</c> (≤ 3 minutes).</summary>
internal sealed record RunSettings(string Mode, Job BaseJob, int CppIterations, double PyZmqSeconds, int PipelineSeconds)
{
    public bool IsQuick => Mode == "quick";

    /// <summary><see cref="Quick"/> when the arguments say <c>--quick</c>, else <see cref="Full"/>.</summary>
    public static RunSettings For(string[] args) => args.Contains("--quick") ? Quick : Full;

    public static RunSettings Full { get; } =
        new("full", VectorWidthJobs.DefaultJob, CppIterations: 50, PyZmqSeconds: 3, PipelineSeconds: 30);

    /// <summary>Short iterations (100 ms, 5 of them after 2 warm-ups) and no overhead evaluation: medians good to a few per cent on a quiet machine.</summary>
    public static RunSettings Quick { get; } =
        new("quick", Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(100)).WithEvaluateOverhead(false),
            CppIterations: 10, PyZmqSeconds: 1, PipelineSeconds: 6);
}
