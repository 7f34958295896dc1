using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Onboard.Kernels.Device;

/// <summary>
/// One ILGPU <see cref="Context"/> and the <see cref="Accelerator"/> of one <see cref="DeviceKind"/>, owned together:
/// the kernel classes of this folder load their kernels on it. A kernel that fails to compile leaves its Context
/// unusable for later compiles (DESIGN §4), so every owner of kernels has a Context of its own.
/// </summary>
public sealed class DeviceAccelerator : IDisposable
{
    private readonly Context _context;

    private DeviceAccelerator(Context context, Accelerator accelerator, DeviceKind kind)
    {
        _context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    public Accelerator Accelerator { get; }

    public DeviceKind Kind { get; }

    /// <summary>The stream every kernel and copy of this accelerator is queued on (ordering between them is the stream's).</summary>
    public AcceleratorStream Stream => Accelerator.DefaultStream;

    /// <summary>
    /// Opens <paramref name="kind"/> (for CUDA, GPU <paramref name="cudaDevice"/>: the same ordinal the model's ORT
    /// provider is given as device_id, so the kernels and the session work on one GPU); throws
    /// <see cref="DeviceUnavailableException"/> naming what is missing.
    /// </summary>
    public static DeviceAccelerator Open(DeviceKind kind, int cudaDevice = 0)
    {
        if (kind == DeviceKind.Cuda)
        {
            if (CudaProblem() is string problem)
            {
                throw new DeviceUnavailableException(problem);
            }
            Context cuda = Context.Create(builder => builder.Cuda().EnableAlgorithms());
            int count = cuda.GetCudaDevices().Count;
            if (cudaDevice < 0 || cudaDevice >= count)
            {
                cuda.Dispose();
                throw new DeviceUnavailableException($"no CUDA device {cudaDevice}: this machine has {count} (deviceId counts from 0)");
            }
            return new DeviceAccelerator(cuda, cuda.GetCudaDevice(cudaDevice).CreateCudaAccelerator(cuda), kind);
        }
        CPUDevice device = kind switch
        {
            // ILGPU's Nvidia preset has 32 warps of 32: 1024 OS threads, each launch tens of ms; two warps keep the
            // 32-wide warp (what the kind is for) and give 64-thread groups, the NMS tile's own size.
            DeviceKind.CpuNvidia => new CPUDevice(numThreadsPerWarp: 32, numWarpsPerMultiprocessor: 2, numMultiprocessors: 1),
            DeviceKind.CpuAmd => CPUDevice.AMD,
            DeviceKind.CpuIntel => CPUDevice.Intel,
            _ => CPUDevice.Default,
        };
        Context context = Context.Create(builder => builder.CPU(device).EnableAlgorithms());
        return new DeviceAccelerator(context, context.GetCPUDevice(0).CreateCPUAccelerator(context), kind);
    }

    /// <summary>
    /// Null when a CUDA accelerator can be opened here; otherwise why not, naming the missing piece (the driver
    /// library, or a device). Probed once per process: installed drivers and GPUs do not change under it.
    /// </summary>
    public static string? CudaProblem() => s_cudaProblem.Value;

    private static readonly Lazy<string?> s_cudaProblem = new(ProbeCuda);

    private static string? ProbeCuda()
    {
        try
        {
            using Context probe = Context.Create(builder => builder.Cuda());
            return probe.GetCudaDevices().Count > 0
                ? null
                : CudaDriverPresent()
                    ? "no CUDA device: the CUDA driver (libcuda.so.1) is installed but reports no NVIDIA GPU"
                    : "no CUDA device: the NVIDIA driver library libcuda.so.1 is not installed on this machine";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or InvalidOperationException or NotSupportedException or CudaException)
        {
            return $"no CUDA device: ILGPU could not initialise CUDA ({e.GetBaseException().Message})";
        }
    }

    private static bool CudaDriverPresent() =>
        System.Runtime.InteropServices.NativeLibrary.TryLoad("libcuda.so.1", out IntPtr handle) && Free(handle);

    private static bool Free(IntPtr handle)
    {
        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>The CLI's and config's spelling of the kinds users pick: <c>cpu-accelerator</c> (the default CPU kind) and <c>cuda</c>.</summary>
    public static string Name(DeviceKind kind) => kind switch
    {
        DeviceKind.Cuda => "cuda",
        DeviceKind.CpuNvidia => "cpu-accelerator (nvidia-like)",
        DeviceKind.CpuAmd => "cpu-accelerator (amd-like)",
        DeviceKind.CpuIntel => "cpu-accelerator (intel-like)",
        _ => "cpu-accelerator",
    };

    public override string ToString() => $"{Name(Kind)}: {Accelerator.Name}, warp {Accelerator.WarpSize}, groups ≤ {Accelerator.MaxNumThreadsPerGroup}";

    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
