namespace Onboard.Kernels.Preprocess;

/// <summary>Element type of the model's input tensor.</summary>
public enum TensorElementType
{
    Float32,
    Float16,
    /// <summary>The 8-bit pixel value itself; scale, mean and std do not apply.</summary>
    UInt8,
}
