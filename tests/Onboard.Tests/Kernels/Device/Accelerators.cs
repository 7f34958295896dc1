using Onboard.Kernels.Device;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// One open accelerator per <see cref="DeviceKind"/> for the whole test run (opening one starts its simulated
/// threads), each with its kernel owners. Callers lock <see cref="Use"/>'s instance: a stream is one queue.
/// </summary>
internal static class Accelerators
{
    private static readonly Dictionary<DeviceKind, DeviceKernels> s_open = [];

    /// <summary>The CPU accelerator kinds every device test runs on.</summary>
    public static TheoryData<DeviceKind> CpuKinds() => new(DeviceKind.CpuDefault, DeviceKind.CpuNvidia, DeviceKind.CpuAmd, DeviceKind.CpuIntel);

    /// <summary>Runs <paramref name="action"/> with the kernels of <paramref name="kind"/>, one caller at a time.</summary>
    public static T Use<T>(DeviceKind kind, Func<DeviceKernels, T> action)
    {
        DeviceKernels kernels;
        lock (s_open)
        {
            if (!s_open.TryGetValue(kind, out kernels!))
            {
                kernels = new DeviceKernels(DeviceAccelerator.Open(kind));
                s_open.Add(kind, kernels);
            }
        }
        lock (kernels)
        {
            return action(kernels);
        }
    }

    /// <summary>An accelerator and the kernel owners loaded on it.</summary>
    internal sealed class DeviceKernels(DeviceAccelerator device)
    {
        public DeviceAccelerator Device { get; } = device;

        public DeviceFramePreprocessor Preprocessor { get; } = new(device);

        public DevicePostprocessKernels Postprocess { get; } = new(device);
    }
}
