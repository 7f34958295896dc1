namespace Onboard.Kernels.Postprocess;

/// <summary>Element types a detector output can have, as far as decoding cares.</summary>
public enum TensorElementKind
{
    Float32,
    Int32,
    Int64,
    Other,
}
