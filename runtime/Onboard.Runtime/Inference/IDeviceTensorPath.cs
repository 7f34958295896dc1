using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Where the device kernels' tensors meet ONNX Runtime — the one seam between the path every machine runs and the
/// CUDA one. Both call the same kernels (<see cref="DeviceFramePreprocessor.Enqueue"/>,
/// <see cref="DeviceDetectionPostprocessor.Process(LayoutSpec, ILGPU.ArrayView{float}, in ImageTransform, Span{Detection})"/>),
/// so the CPU accelerator keeps testing the shared logic: <see cref="HostBoundTensorPath"/> stages through the
/// session's host-bound tensors; <see cref="CudaBoundTensorPath"/> binds device memory, so no tensor crosses the bus.
/// A null slot is the session's own input.
/// </summary>
internal interface IDeviceTensorPath : IDisposable
{
    /// <summary>True when the model's input and outputs are bound to device memory (the CUDA path).</summary>
    bool DeviceBound { get; }

    /// <summary>Preprocesses <paramref name="frame"/> into the input <paramref name="slot"/> runs from; the input is complete on return.</summary>
    ImageTransform Preprocess(DeviceFramePreprocessor preprocessor, scoped in ImageView frame, InputSlot? slot, in PreprocessOptions options);

    /// <summary>Runs the model on <paramref name="slot"/>'s input; the outputs are complete on return.</summary>
    void Infer(InputSlot? slot);

    /// <summary>Decodes output <paramref name="head"/> of the last run (<paramref name="hostOutputs"/>: where a host-bound run wrote).</summary>
    int Postprocess(DeviceDetectionPostprocessor postprocessor, LayoutSpec spec, IReadOnlyList<BoundTensor> hostOutputs, int head,
        in ImageTransform transform, Span<Detection> results);
}
