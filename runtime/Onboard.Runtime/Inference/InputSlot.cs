using Microsoft.ML.OnnxRuntime;

namespace Onboard.Runtime.Inference;

/// <summary>
/// A model input owned by the caller — one per frame in flight — with its own <see cref="OrtIoBinding"/>
/// over the session's outputs. A pipeline preprocesses frame N+1 into one slot while frame N runs from
/// another: no copy into a shared input, and no per-run rebinding (rebinding an input marshals its name,
/// which allocates). Made by <see cref="DetectorSession.CreateInputSlot()"/>; dispose before the session.
/// A batched session's slot holds <see cref="BatchSize"/> images, image i at batch index i.
/// </summary>
internal sealed class InputSlot : IDisposable
{
    private readonly bool _ownsOutputs;

    internal InputSlot(BoundTensor tensor, OrtIoBinding binding, BoundTensor[] outputs, bool ownsOutputs)
    {
        Tensor = tensor;
        Binding = binding;
        OutputTensors = outputs;
        _ownsOutputs = ownsOutputs;
        ImageLength = tensor.Length / BatchSize;
    }

    internal BoundTensor Tensor { get; }
    internal OrtIoBinding Binding { get; }
    internal BoundTensor[] OutputTensors { get; }

    /// <summary>Where a run of this slot writes: its own outputs, or the session's shared ones.</summary>
    public IReadOnlyList<BoundTensor> Outputs => OutputTensors;

    /// <summary>Images the slot holds (axis 0 of the input).</summary>
    public int BatchSize => (int)Tensor.Shape[0];

    /// <summary>Elements of one image of the input.</summary>
    public int ImageLength { get; }

    /// <summary>The input as float32 (NCHW for image models), every image of the batch.</summary>
    public Span<float> Floats => Tensor.Floats;

    /// <summary>Image <paramref name="index"/> of the input as float32.</summary>
    public Span<float> ImageFloats(int index) => Tensor.Floats.Slice(checked(index * ImageLength), ImageLength);

    /// <summary>Image <paramref name="index"/> of a float16 input, written in place (see <see cref="BoundTensor.WriteHalves"/>).</summary>
    internal Span<Half> WriteImageHalves(int index) => Tensor.WriteHalves().Slice(checked(index * ImageLength), ImageLength);

    /// <summary>True when the bound input is float16.</summary>
    public bool IsFloat16 => Tensor.ElementType == Kernels.TensorElementType.Float16;

    /// <summary>The input of a model that takes raw uint8 frames (preprocessing composed in).</summary>
    public Span<byte> Bytes => Tensor.Bytes;

    public bool IsRawFrame => Tensor.ElementType == Kernels.TensorElementType.UInt8;

    public void Dispose()
    {
        Binding.Dispose();
        Tensor.Dispose();
        if (_ownsOutputs)
        {
            foreach (BoundTensor o in OutputTensors)
            {
                o.Dispose();
            }
        }
    }
}
