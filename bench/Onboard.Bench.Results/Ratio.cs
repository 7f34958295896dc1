using System.Text.Json.Serialization;

namespace Onboard.Bench.Results;

/// <summary>
/// One comparison of the bench: how many times faster ours is than a peer doing the same work in the same run
/// (<see cref="Value"/> = peer time / our time; above 1 we are faster). Only ratios are compared between runs:
/// absolute times move with the machine and its load, a ratio measured in one run far less.
/// </summary>
/// <param name="Suite">The comparison's table, e.g. "preprocess".</param>
/// <param name="Case">The row within it, e.g. "NV12, 1 thread".</param>
/// <param name="Width">Vector width ours ran at: "widest" or "128-bit" (peers run as they ship).</param>
/// <param name="Ours">What of ours was timed.</param>
/// <param name="Peer">What it is compared with.</param>
/// <param name="OursMs">Our median, milliseconds (reported, never compared).</param>
/// <param name="PeerMs">The peer's median, milliseconds (reported, never compared).</param>
public sealed record Ratio(string Suite, string Case, string Width, string Ours, string Peer, double OursMs, double PeerMs)
{
    public double Value => PeerMs / OursMs;

    /// <summary>Identifies the same comparison across runs.</summary>
    [JsonIgnore]
    public string Key => $"{Suite} | {Case} | {Width} | {Ours} vs {Peer}";
}
