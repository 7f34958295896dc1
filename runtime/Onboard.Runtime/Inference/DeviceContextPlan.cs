using ILGPU.Runtime.Cuda;
using Onboard.Kernels.Device;

namespace Onboard.Runtime.Inference;

/// <summary>
/// The context question, settled once at start-up. ONNX Runtime's CUDA provider works in the device's primary
/// context (the runtime API's); ILGPU 1.5.3 creates a context of its own (<c>cuCtxCreate</c>) and offers no way to
/// adopt another, and the runtime API's <c>cudaSetDevice</c>, which ORT calls per run, makes the primary context
/// current again, so ORT cannot be kept on ILGPU's context either. Memory of one context is not guaranteed usable from
/// the other. So:
/// <list type="bullet">
/// <item><see cref="DeviceContextMode.SharedPrimary"/> when ILGPU's context <i>is</i> the primary one (an ILGPU that
/// adopts the primary context, or a driver that hands it out): tensors are bound to ORT in place;</item>
/// <item>otherwise <see cref="DeviceContextMode.PeerCopy"/>, the documented fallback: the preprocessed tensor is copied
/// device to device with <c>cuMemcpyPeerAsync</c> (ILGPU's context → a buffer of the primary context that ORT binds),
/// ordered on ILGPU's stream, and the head back the same way — one on-device copy each (640² f32 is 4.9 MB, well under
/// 0.1 ms at device bandwidth), never a host round trip.</item>
/// </list>
/// Which one runs is shown in <c>onboard version</c> and Health.
/// </summary>
public static class DeviceContextPlan
{
    /// <summary>The mode for <paramref name="device"/> (null or not CUDA: <see cref="DeviceContextMode.None"/>).</summary>
    public static DeviceContextMode Choose(DeviceAccelerator? device)
    {
        if (device?.Accelerator is not CudaAccelerator cuda)
        {
            return DeviceContextMode.None;
        }
        CudaDriver.Check(CudaDriver.DeviceGet(out int handle, cuda.DeviceId), "cuDeviceGet");
        CudaDriver.Check(CudaDriver.DevicePrimaryCtxRetain(out nint primary, handle), "cuDevicePrimaryCtxRetain");
        try
        {
            return primary == cuda.NativePtr ? DeviceContextMode.SharedPrimary : DeviceContextMode.PeerCopy;
        }
        finally
        {
            CudaDriver.DevicePrimaryCtxRelease(handle);
        }
    }

    /// <summary>The spelling in <c>onboard version</c>, Health and logs.</summary>
    public static string Name(DeviceContextMode mode) => mode switch
    {
        DeviceContextMode.SharedPrimary => "shared-primary",
        DeviceContextMode.PeerCopy => "peer-copy",
        _ => "none",
    };

    /// <summary>
    /// <see cref="DeviceContextMode.PeerCopy"/>'s copy: <paramref name="bytes"/> from ILGPU's allocation at
    /// <paramref name="source"/> into the primary context's <paramref name="destination"/>, queued on ILGPU's stream.
    /// </summary>
    public static void CopyToPrimary(DeviceAccelerator device, nint source, nint destination, nint primaryContext, long bytes) =>
        PeerCopy(device, destination, primaryContext, source, ownContext: false, bytes);

    /// <summary>The copy back: the primary context's <paramref name="source"/> into ILGPU's <paramref name="destination"/>, queued on ILGPU's stream.</summary>
    public static void CopyFromPrimary(DeviceAccelerator device, nint source, nint primaryContext, nint destination, long bytes) =>
        PeerCopy(device, destination, primaryContext, source, ownContext: true, bytes);

    private static void PeerCopy(DeviceAccelerator device, nint destination, nint primaryContext, nint source, bool ownContext, long bytes)
    {
        ArgumentNullException.ThrowIfNull(device);
        var cuda = (CudaAccelerator)device.Accelerator;
        var stream = (CudaStream)device.Stream;
        // ILGPU's context current on this thread (ORT's runs make the primary one current): the stream is ILGPU's.
        using ILGPU.Runtime.ScopedAcceleratorBinding binding = cuda.BindScoped();
        (nint destinationContext, nint sourceContext) = ownContext ? (cuda.NativePtr, primaryContext) : (primaryContext, cuda.NativePtr);
        CudaDriver.Check(CudaDriver.MemcpyPeerAsync(destination, destinationContext, source, sourceContext, (nuint)bytes, stream.StreamPtr), "cuMemcpyPeerAsync");
    }
}
