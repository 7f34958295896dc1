using Onboard.Kernels;

namespace Onboard.Runtime.Pipeline;

/// <summary>The tensor a model takes, as its session bound it: name, shape (batch axis first), element type and image size.</summary>
public sealed record ModelInput(string Name, IReadOnlyList<long> Shape, TensorElementType ElementType, int Width, int Height)
{
    /// <summary>Images one run takes (axis 0).</summary>
    public int BatchSize => Shape.Count > 0 ? (int)Shape[0] : 1;

    /// <summary>True for a uint8 input: the raw frame, with preprocessing composed into the graph.</summary>
    public bool TakesRawFrame => ElementType == TensorElementType.UInt8;

    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}] {ElementType}";
}
