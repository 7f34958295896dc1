namespace Onboard.Bench.Report;

/// <summary>One benchmark case's median as a width's process measured it (what it hands back to the report).</summary>
/// <param name="Benchmark">The benchmark class's full name.</param>
/// <param name="Parameters">BenchmarkDotNet's display of the case's parameters: with the width, it identifies the row.</param>
/// <param name="Values">The parameters by name, as text (external peers take their thread count or matrix size from here).</param>
/// <param name="Label">The row label (<see cref="Suites.CaseLabel"/>).</param>
/// <param name="Width">The job: <see cref="VectorWidthJobs.Widest"/> or <see cref="VectorWidthJobs.Narrow"/>.</param>
/// <param name="Method">The benchmark method.</param>
/// <param name="MedianNs">Its median per operation; NaN when it failed.</param>
internal sealed record Measurement(string Benchmark, string Parameters, IReadOnlyDictionary<string, string> Values, string Label, string Width, string Method, double MedianNs);
