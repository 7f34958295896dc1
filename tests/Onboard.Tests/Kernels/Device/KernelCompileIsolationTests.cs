using ILGPU;
using ILGPU.Runtime;
using Onboard.Kernels.Device;

namespace Onboard.Tests.Kernels.Device;

/// <summary>
/// A kernel that cannot compile (a BCL call that throws inside: <see cref="Math.Clamp(int, int, int)"/>) fails in a
/// Context of its own: ILGPU leaves that Context unable to compile later kernels (DESIGN §4), so nothing shared
/// with the real kernels may see it. Afterwards the real kernels still load and run on a fresh accelerator.
/// </summary>
public sealed class KernelCompileIsolationTests
{
    private static void ClampKernel(Index1D i, ArrayView<int> data) => data[i] = Math.Clamp(data[i], 0, 255);

    [Fact]
    public void LoadKernel_BclCallThatThrows_FailsInItsOwnContextAndTheRealKernelsStillRun()
    {
        using (DeviceAccelerator isolated = DeviceAccelerator.Open(DeviceKind.CpuDefault))
        {
            Exception e = Assert.ThrowsAny<Exception>(() =>
                isolated.Accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>>(ClampKernel));
            Assert.Contains("Throw", e.ToString(), StringComparison.Ordinal);
        }
        using DeviceAccelerator fresh = DeviceAccelerator.Open(DeviceKind.CpuDefault);
        using var pre = new DeviceFramePreprocessor(fresh);
        var frame = new byte[4 * 4 * 3];
        Array.Fill(frame, (byte)200);
        var tensor = new byte[3 * 2 * 2];
        pre.Run(new Onboard.Kernels.Imaging.ImageView(frame, 4, 4, Onboard.Kernels.Imaging.PixelFormat.Bgr24), tensor,
            new Onboard.Kernels.Preprocess.PreprocessOptions(2, 2));
        Assert.All(tensor, v => Assert.Equal(200, v));
    }
}
