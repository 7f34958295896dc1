namespace Onboard.Bench.Report;

/// <summary>
/// One pairing in a suite: our benchmark method against either another method of the same class (a peer run
/// in-process, in the same BenchmarkDotNet run and job) or a peer timed in its own process, whose median for a
/// case (given its parameters by name) <see cref="External"/> returns (NaN when the peer is missing).
/// </summary>
internal sealed record Comparison(string OursMethod, string OursLabel, string PeerLabel, string? PeerMethod = null, Func<IReadOnlyDictionary<string, string>, double>? External = null);
