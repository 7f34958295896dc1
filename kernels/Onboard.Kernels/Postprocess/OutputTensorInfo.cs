namespace Onboard.Kernels.Postprocess;

/// <summary>One model output as the session reports it: name, shape (−1 for a dynamic dimension), element type.</summary>
public sealed record OutputTensorInfo(string Name, IReadOnlyList<long> Shape, TensorElementType ElementType)
{
    public int Rank => Shape.Count;

    public override string ToString() =>
        $"{Name} [{string.Join(", ", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}] {ElementType}";
}
