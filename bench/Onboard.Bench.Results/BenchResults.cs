namespace Onboard.Bench.Results;

/// <summary>What one <c>make bench</c> (or <c>bench-quick</c>) run measured: the ratios the guard compares and the pipeline table.</summary>
/// <param name="Run">When, where and how: printed at the top of the results, e.g. the load the machine was under.</param>
/// <param name="Ratios">Every comparison of ours with a peer.</param>
/// <param name="Pipeline">The pipeline at 30 fps; null when not run.</param>
/// <param name="Notes">Lines printed under the tables (parity checks, peers that were missing).</param>
public sealed record BenchResults(RunInfo Run, IReadOnlyList<Ratio> Ratios, PipelineRun? Pipeline, IReadOnlyList<string> Notes);
