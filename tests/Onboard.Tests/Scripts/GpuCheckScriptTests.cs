using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Device;

namespace Onboard.Tests.Scripts;

/// <summary><c>scripts/gpu-check.sh</c> asked to run where there is no NVIDIA GPU: it fails at once, loudly, saying why.</summary>
public sealed class GpuCheckScriptTests
{
    [NoCudaFact]
    public void GpuCheck_WithoutAGpu_ExitsOneSayingThereIsNoGpuAndRunsNothing()
    {
        using var check = new PeerProcess("bash", Path.Combine(OnboardCli.RepositoryRoot, "scripts", "gpu-check.sh"));
        Assert.True(check.WaitForExit(TimeSpan.FromSeconds(30)), "gpu-check.sh should fail at once without a GPU");
        Assert.Equal(1, check.ExitCode);
        Assert.StartsWith("gpu-check: FAILED: no NVIDIA GPU here:", check.StandardError, StringComparison.Ordinal);
        Assert.Null(check.ReadLine(TimeSpan.FromSeconds(1))); // nothing was built or run
    }
}
