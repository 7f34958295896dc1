namespace Onboard.Models.Graph;

/// <summary>
/// The batch axis (axis 0) a generated model declares: a fixed size, or <see cref="Dynamic"/> — a symbolic
/// dimension the session fixes when it opens the model (one camera: 1; N cameras batched: N).
/// Generated graphs never bake the batch into an op: Reshape targets put −1 on axis 0, and constants
/// are shaped [1, …] so they broadcast over any batch.
/// </summary>
public static class BatchAxis
{
    /// <summary>A dynamic batch axis (a symbolic dimension).</summary>
    public const long Dynamic = -1;

    /// <summary>Checks <paramref name="batch"/> is positive or <see cref="Dynamic"/>; returns it.</summary>
    public static long Check(long batch) =>
        batch >= 1 || batch == Dynamic ? batch : throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be positive, or BatchAxis.Dynamic (-1) for a dynamic batch axis");
}
