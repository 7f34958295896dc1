using System.CommandLine;
using Onboard.Kernels.Device;

namespace Onboard.Commands;

/// <summary>
/// <c>--device host|cpu-accelerator|cuda</c>, shared by <c>preprocess</c> and <c>nms</c> so any case can be compared
/// across the host kernels and the ILGPU device kernels with the same output format. <c>cpu-accelerator</c> is
/// ILGPU's simulated GPU on the CPU: correct, not fast.
/// </summary>
internal static class DeviceOption
{
    public const string Host = "host";
    public const string CpuAccelerator = "cpu-accelerator";
    public const string Cuda = "cuda";

    public static Option<string> Create() => new("--device")
    {
        Description = $"Where the kernels run: {Host} (SIMD, the reference) | {CpuAccelerator} (ILGPU on the CPU: correct, slow) | {Cuda}",
        DefaultValueFactory = _ => Host,
    };

    /// <summary>
    /// Null for <c>host</c>; otherwise the opened accelerator. Throws <see cref="ArgumentException"/> for an unknown
    /// name and <see cref="DeviceUnavailableException"/> (naming what is missing) when CUDA is not here.
    /// </summary>
    public static DeviceAccelerator? Open(string name) => name.ToLowerInvariant() switch
    {
        Host => null,
        CpuAccelerator => DeviceAccelerator.Open(DeviceKind.CpuDefault),
        Cuda => DeviceAccelerator.Open(DeviceKind.Cuda),
        _ => throw new ArgumentException($"--device must be {Host}, {CpuAccelerator} or {Cuda}, got '{name}'"),
    };
}
