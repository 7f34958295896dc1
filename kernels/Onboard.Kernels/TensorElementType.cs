namespace Onboard.Kernels;

/// <summary>
/// The project's one vocabulary for tensor element types: the preprocessing kernel writes the first three, decoders
/// read floats and integers, manifests name them (<c>float32</c>, <c>float16</c>, <c>uint8</c>, <c>int32</c>,
/// <c>int64</c>). ONNX Runtime's enum of the same simple name is mapped to this one where sessions bind tensors,
/// and is spelt out (aliased) there only.
/// </summary>
public enum TensorElementType
{
    Float32,
    Float16,
    /// <summary>The 8-bit pixel value itself; scale, mean and std do not apply.</summary>
    UInt8,
    Int32,
    Int64,
    /// <summary>Any type the runtime neither writes nor decodes (bool, double, strings …).</summary>
    Other,
}
