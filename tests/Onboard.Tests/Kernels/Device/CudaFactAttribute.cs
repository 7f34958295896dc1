using Onboard.Kernels.Device;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// A fact that runs only where a CUDA accelerator opens, and otherwise is skipped with the reason (what is missing).
/// With <c>ONBOARD_REQUIRE_CUDA=1</c> (scripts/gpu-check.sh) it never skips: on a GPU machine a skip would hide a failure.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("ONBOARD_REQUIRE_CUDA") != "1" && DeviceAccelerator.CudaProblem() is string problem)
        {
            Skip = problem;
        }
    }
}
