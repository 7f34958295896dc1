using Microsoft.ML.OnnxRuntime;

namespace Onboard.Runtime.Inference;

/// <summary>
/// A model input owned by the caller — one per frame in flight — with its own <see cref="OrtIoBinding"/>
/// over the session's outputs. A pipeline preprocesses frame N+1 into one slot while frame N runs from
/// another: no copy into a shared input, and no per-run rebinding (rebinding an input marshals its name,
/// which allocates). Made by <see cref="DetectorSession.CreateInputSlot"/>; dispose before the session.
/// </summary>
public sealed class InputSlot : IDisposable
{
    internal InputSlot(BoundTensor tensor, OrtIoBinding binding)
    {
        Tensor = tensor;
        Binding = binding;
    }

    internal BoundTensor Tensor { get; }
    internal OrtIoBinding Binding { get; }

    /// <summary>The input as float32 (NCHW for image models).</summary>
    public Span<float> Floats => Tensor.Floats;

    /// <summary>The input of a model that takes raw uint8 frames (preprocessing composed in).</summary>
    public Span<byte> Bytes => Tensor.Bytes;

    public bool IsRawFrame => Tensor.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8;

    public void Dispose()
    {
        Binding.Dispose();
        Tensor.Dispose();
    }
}
