using System.Runtime.InteropServices;

namespace Onboard.Runtime.Inference;

/// <summary>
/// The few CUDA driver API calls the device path needs beside ILGPU (which owns its own context) and ONNX Runtime
/// (which works in the device's primary context): retaining the primary context to compare it with ILGPU's, and the
/// peer copy between two contexts. Only called where a CUDA accelerator opened, so libcuda.so.1 is present.
/// </summary>
internal static partial class CudaDriver
{
    private const string Library = "libcuda.so.1";

    /// <summary>CUDA_SUCCESS.</summary>
    public const int Success = 0;

    [LibraryImport(Library, EntryPoint = "cuDeviceGet")]
    public static partial int DeviceGet(out int device, int ordinal);

    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRetain")]
    public static partial int DevicePrimaryCtxRetain(out nint context, int device);

    [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRelease_v2")]
    public static partial int DevicePrimaryCtxRelease(int device);

    /// <summary>Copies between allocations of two contexts, ordered on <paramref name="stream"/> (of the source's context).</summary>
    [LibraryImport(Library, EntryPoint = "cuMemcpyPeerAsync")]
    public static partial int MemcpyPeerAsync(nint destination, nint destinationContext, nint source, nint sourceContext, nuint bytes, nint stream);



    /// <summary>Allocates device memory in the calling thread's current context (gpu-check: a primary-context buffer as ORT would bind).</summary>
    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")]
    public static partial int MemAlloc(out nint pointer, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")]
    public static partial int MemFree(nint pointer);

    [LibraryImport(Library, EntryPoint = "cuCtxPushCurrent_v2")]
    public static partial int CtxPushCurrent(nint context);

    [LibraryImport(Library, EntryPoint = "cuCtxPopCurrent_v2")]
    public static partial int CtxPopCurrent(out nint context);

    /// <summary>Throws naming the call when <paramref name="status"/> is not <see cref="Success"/>.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success)
        {
            throw new InvalidOperationException($"{call} failed with CUDA error {status}");
        }
    }
}
