using Onboard.Kernels.Device;

namespace Onboard.Tests.Kernels.Device;

/// <summary>A fact about the refusal paths without CUDA: skipped, saying so, on a machine where CUDA opens.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NoCudaFactAttribute : FactAttribute
{
    public NoCudaFactAttribute()
    {
        if (DeviceAccelerator.CudaProblem() is null)
        {
            Skip = "CUDA opens on this machine: the no-CUDA refusal cannot be shown here";
        }
    }
}
