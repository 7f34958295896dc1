using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// The device kernels beside host-bound ORT tensors — ILGPU's CPU accelerator, the only device that runs everywhere:
/// the tensor comes down into the bound input, the session runs as on the host kernels, the head goes up again.
/// </summary>
internal sealed class HostBoundTensorPath(DetectorSession session) : IDeviceTensorPath
{
    public bool DeviceBound => false;

    public ImageTransform Preprocess(DeviceFramePreprocessor preprocessor, scoped in ImageView frame, InputSlot? slot, in PreprocessOptions options)
    {
        BoundTensor input = slot?.Tensor ?? session.InputTensor;
        return input.ElementType == Kernels.TensorElementType.Float16
            ? preprocessor.Run(frame, input.WriteHalves(), options)
            : preprocessor.Run(frame, input.Floats, options);
    }

    public void Infer(InputSlot? slot)
    {
        if (slot is null)
        {
            session.Run();
        }
        else
        {
            session.Run(slot);
        }
    }

    public int Postprocess(DeviceDetectionPostprocessor postprocessor, LayoutSpec spec, IReadOnlyList<BoundTensor> hostOutputs, int head,
        in ImageTransform transform, Span<Detection> results) =>
        postprocessor.Process(spec, hostOutputs[head].Floats, transform, results);

    public void Dispose()
    {
    }
}
