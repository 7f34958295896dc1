using BenchmarkDotNet.Running;

namespace Onboard.Bench.Tracking;

/// <summary>Summary columns with scipy's own median for the row's matrix size and the row's speed-up over it.</summary>
internal sealed class ScipyPeerColumn(bool speedUp) : OwnProcessPeerColumn(speedUp, "Scipy", "scipy",
    "bench/peers/lsa_scipy_bench.py: scipy.optimize.linear_sum_assignment on the same matrix, timed in its own process",
    "scipy median / this row's mean (single-threaded both)", "0.00")
{
    protected override (double MedianMicroseconds, string Shown)? Peer(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters["N"] is int n && ScipyPeer.Load(n) is { } peer
            ? (peer.MedianMicroseconds, ScipyPeer.Invariant(peer.MedianMicroseconds) + " us" + (peer.SameCostAsOurs ? "" : " (DIFFERENT cost)"))
            : null;
}
