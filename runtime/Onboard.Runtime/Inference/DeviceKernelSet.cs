using Onboard.Kernels.Device;
using Onboard.Kernels.Geometry;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Kernels.Preprocess;

namespace Onboard.Runtime.Inference;

/// <summary>
/// A detector's <c>"kernels": "device"</c> path: preprocessing, decode and NMS on an ILGPU accelerator
/// (<see cref="DeviceFramePreprocessor"/>, <see cref="DeviceDetectionPostprocessor"/>) in place of the host kernels,
/// with the same results. The ingest thread (preprocess) and the infer thread (decode) share the accelerator's one
/// stream, so their device work is serialised by a lock of this pipeline's own; runs take no part in it.
/// On CUDA the session's tensors are bound to device memory (<see cref="CudaBoundTensorPath"/>: the frame goes up,
/// the kept detections come down, nothing else crosses the bus); elsewhere (ILGPU's CPU accelerator) they stay
/// host-bound (<see cref="HostBoundTensorPath"/>) — the same kernels either way.
/// </summary>
internal sealed class DeviceKernelSet : IDisposable
{
    private readonly Lock _stream = new();
    private readonly DeviceFramePreprocessor _preprocessor;
    private readonly DeviceDetectionPostprocessor _postprocessor;
    private readonly IDeviceTensorPath _path;
    private readonly int _head;

    private DeviceKernelSet(DeviceAccelerator device, DetectorSession session, int head, PostprocessSettings settings, int candidateCap)
    {
        Device = device;
        _head = head;
        _preprocessor = new DeviceFramePreprocessor(device);
        try
        {
            _postprocessor = new DeviceDetectionPostprocessor(new DevicePostprocessKernels(device), settings, candidateCap);
            _path = device.Accelerator is ILGPU.Runtime.Cuda.CudaAccelerator
                ? new CudaBoundTensorPath(session, device, DeviceContextPlan.Choose(device))
                : new HostBoundTensorPath(session);
        }
        catch
        {
            _preprocessor.Dispose();
            _postprocessor?.Dispose();
            throw;
        }
    }

    public DeviceAccelerator Device { get; }

    /// <summary>True when the model's input and outputs are bound to device memory (CUDA).</summary>
    public bool DeviceBound => _path.DeviceBound;

    public DecodeStats Stats => _postprocessor.Stats;

    /// <summary>Frames whose candidates exceeded the device's cap.</summary>
    public long CapHits => _postprocessor.CapHits;

    /// <summary>
    /// The set for <paramref name="session"/>'s model, whose head (output <paramref name="head"/>) is
    /// <paramref name="layout"/>, or a <see cref="NotSupportedException"/> saying which part the device kernels do not cover.
    /// </summary>
    public static DeviceKernelSet Create(DeviceAccelerator device, DetectorSession session, OutputLayout layout, int head,
        PostprocessSettings settings, int candidateCap)
    {
        Kernels.TensorElementType type = session.InputTensor.ElementType;
        bool rawFrame = session.TakesRawFrame;
        if (layout is not (OutputLayout.YoloV8 or OutputLayout.YoloV5 or OutputLayout.EndToEnd))
        {
            throw new NotSupportedException($"kernels \"device\" decodes yolov8, yolov5 and end-to-end heads; this model's is {OutputLayoutInfo.Of(layout).Name} (use kernels \"host\")");
        }
        if (rawFrame || type is not (Kernels.TensorElementType.Float32 or Kernels.TensorElementType.Float16))
        {
            throw new NotSupportedException("kernels \"device\" preprocesses into float32 or float16 inputs; this model takes raw frames (use kernels \"host\")");
        }
        if (device.Accelerator is ILGPU.Runtime.Cuda.CudaAccelerator && session.Outputs[head].ElementType != Kernels.TensorElementType.Float32)
        {
            // Bound on the device, the head is read as the model wrote it (the host path reads float16 through its float32 staging).
            throw new NotSupportedException($"kernels \"device\" on CUDA decodes float32 heads; output '{session.Outputs[head].Name}' is {session.Outputs[head].ElementType} (use kernels \"host\")");
        }
        return new DeviceKernelSet(device, session, head, settings, candidateCap);
    }

    /// <summary>Preprocesses into <paramref name="slot"/>'s input (null: the session's own).</summary>
    public ImageTransform Preprocess(scoped in ImageView frame, InputSlot? slot, in PreprocessOptions options)
    {
        lock (_stream)
        {
            return _path.Preprocess(_preprocessor, frame, slot, options);
        }
    }

    /// <summary>Runs the model on <paramref name="slot"/>'s input (null: the session's own).</summary>
    public void Infer(InputSlot? slot) => _path.Infer(slot);

    /// <summary>Decodes the last run's head (<paramref name="hostOutputs"/>: where a host-bound run wrote it).</summary>
    public int Postprocess(LayoutSpec spec, IReadOnlyList<BoundTensor> hostOutputs, in ImageTransform transform, Span<Detection> results)
    {
        lock (_stream)
        {
            return _path.Postprocess(_postprocessor, spec, hostOutputs, _head, transform, results);
        }
    }

    /// <summary>Preprocesses into a caller's host tensor (not the session's input), on either path.</summary>
    public ImageTransform PreprocessInto(scoped in ImageView frame, Span<float> tensor, in PreprocessOptions options)
    {
        lock (_stream)
        {
            return _preprocessor.Run(frame, tensor, options);
        }
    }

    public void Dispose()
    {
        _path.Dispose();
        _preprocessor.Dispose();
        _postprocessor.Dispose();
    }
}
