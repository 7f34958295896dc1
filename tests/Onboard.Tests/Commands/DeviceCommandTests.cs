using Onboard.Kernels.Device;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Postprocess;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Device;
using Onboard.Tests.Kernels.Postprocess;
using Onboard.Tests.Kernels.Preprocess;

namespace Onboard.Tests.Commands;

/// <summary>
/// <c>onboard preprocess</c> and <c>onboard nms</c> with <c>--device</c>, run as processes: the host kernels and
/// ILGPU's CPU accelerator print the same line and write the same bytes; <c>cuda</c> where there is none says what
/// is missing.
/// </summary>
public sealed class DeviceCommandTests
{
    [Theory]
    [InlineData("nv12", "f32", "letterbox")]
    [InlineData("bgr24", "u8", "centercrop")]
    [InlineData("yuyv", "f16", "stretch")]
    public void Preprocess_HostAndCpuAccelerator_SameLineAndSameTensorFile(string format, string dtype, string mode)
    {
        using var dir = new TempDirectory();
        PixelFormat f = PixelFormatInfo.Parse(format);
        byte[] frame = TestFrames.Random(f, 30, 20, 3, 5, out int stride);
        File.WriteAllBytes(dir.File("frame.raw"), frame);
        string[] common =
        [
            "preprocess", "--input", dir.File("frame.raw"), "--format", format, "--width", "30", "--height", "20", "--stride", $"{stride}",
            "--size", "16x16", "--mode", mode, "--dtype", dtype, "--roi", "2,2,26,16",
        ];
        var host = OnboardCli.Run([.. common, "--output", dir.File("host.raw"), "--device", "host"]);
        var device = OnboardCli.Run([.. common, "--output", dir.File("device.raw"), "--device", "cpu-accelerator"]);
        Assert.True(host.ExitCode == 0, host.Error);
        Assert.True(device.ExitCode == 0, device.Error);
        Assert.Equal(host.Output, device.Output);
        Assert.Equal(File.ReadAllBytes(dir.File("host.raw")), File.ReadAllBytes(dir.File("device.raw")));
    }

    [Fact]
    public void Nms_HostAndCpuAccelerator_SameKeepLine()
    {
        Detection[] d = NmsCases.Generate(new Random(78), NmsCases.Kind.IdenticalScores, classes: 3);
        using var dir = new TempDirectory();
        string input = dir.File("in.json");
        NmsCases.WriteCommandInput(input, d);
        foreach (string[] extra in new[] { Array.Empty<string>(), ["--agnostic", "--iou", "0.4", "--max-det", "7"] })
        {
            var host = OnboardCli.Run(["nms", "--input", input, "--device", "host", .. extra]);
            var device = OnboardCli.Run(["nms", "--input", input, "--device", "cpu-accelerator", .. extra]);
            Assert.True(host.ExitCode == 0 && device.ExitCode == 0, host.Error + device.Error);
            Assert.Equal(host.Output, device.Output);
            Assert.StartsWith("{\"keep\":[", host.Output, StringComparison.Ordinal);
        }
    }

    [NoCudaFact]
    public void PreprocessAndNms_CudaWithoutAGpu_ExitTwoNamingWhatIsMissing()
    {
        string problem = DeviceAccelerator.CudaProblem()!;
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("in.json"), """{"boxes":[[0,0,1,1]],"scores":[0.9]}""");
        File.WriteAllBytes(dir.File("frame.raw"), new byte[4 * 4 * 3]);
        var nms = OnboardCli.Run("nms", "--input", dir.File("in.json"), "--device", "cuda");
        var pre = OnboardCli.Run("preprocess", "--input", dir.File("frame.raw"), "--format", "bgr24", "--width", "4", "--height", "4",
            "--size", "2x2", "--output", dir.File("t.raw"), "--device", "cuda");
        Assert.Equal(2, nms.ExitCode);
        Assert.Equal(2, pre.ExitCode);
        Assert.Contains($"nms: {problem}", nms.Error, StringComparison.Ordinal);
        Assert.Contains($"preprocess: {problem}", pre.Error, StringComparison.Ordinal);
        Assert.Contains("no CUDA device", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Nms_UnknownDevice_ExitTwoListingTheChoices()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("in.json"), """{"boxes":[[0,0,1,1]],"scores":[0.9]}""");
        var r = OnboardCli.Run("nms", "--input", dir.File("in.json"), "--device", "gpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--device must be host, cpu-accelerator or cuda, got 'gpu'", r.Error, StringComparison.Ordinal);
    }
}
