namespace Onboard.Kernels.Postprocess;

/// <summary>
/// What a decoder dropped, by reason. Decoders add to it (pass the same value for every frame to keep a
/// running total); nothing dropped is ever silent.
/// </summary>
public struct DecodeStats
{
    /// <summary>Anchors dropped because a value that decides them (a score, or the box of one above threshold) was NaN or infinite.</summary>
    public long NonFinite;

    /// <summary>Candidates dropped because their box had zero or negative width or height.</summary>
    public long Degenerate;

    /// <summary>Rows of NMS-in-graph or end-to-end outputs whose class or box index was out of range or not an integer.</summary>
    public long InvalidIndex;

    public readonly long Total => NonFinite + Degenerate + InvalidIndex;

    public override readonly string ToString() =>
        FormattableString.Invariant($"non-finite {NonFinite}, degenerate {Degenerate}, invalid index {InvalidIndex}");
}
