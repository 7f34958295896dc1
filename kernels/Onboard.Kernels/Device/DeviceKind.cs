namespace Onboard.Kernels.Device;

/// <summary>
/// Which ILGPU accelerator runs the device kernels. The CPU kinds are ILGPU's simulated GPUs (one OS thread per
/// simulated thread, so correct but slow): tests run every kernel on each to catch warp- and group-size
/// assumptions. <see cref="Cuda"/> is the real thing, where an NVIDIA GPU and its driver are present.
/// </summary>
public enum DeviceKind
{
    /// <summary>ILGPU's default CPU accelerator: warps of 4, groups of at most 16 threads.</summary>
    CpuDefault,
    /// <summary>An NVIDIA-like CPU accelerator: warps of 32, groups of up to 64 (see <see cref="DeviceAccelerator.Open"/>).</summary>
    CpuNvidia,
    /// <summary>An AMD-like CPU accelerator: warps of 32, groups of up to 256.</summary>
    CpuAmd,
    /// <summary>An Intel-like CPU accelerator: warps of 16, groups of up to 128.</summary>
    CpuIntel,
    /// <summary>The first CUDA device.</summary>
    Cuda,
}
