namespace Onboard.Runtime.Inference;

/// <summary>How the device kernels' memory reaches ONNX Runtime's CUDA/TensorRT provider (<see cref="DeviceContextPlan"/>).</summary>
public enum DeviceContextMode
{
    /// <summary>No device path (host kernels, or no CUDA accelerator).</summary>
    None,
    /// <summary>ILGPU's accelerator is the device's primary context, ORT's: device tensors are bound to ORT as they are.</summary>
    SharedPrimary,
    /// <summary>ILGPU has a context of its own: each tensor is copied device to device (cuMemcpyPeerAsync) into a buffer of the primary context that ORT binds.</summary>
    PeerCopy,
}
