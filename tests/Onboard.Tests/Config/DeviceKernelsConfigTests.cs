using Onboard.Kernels.Device;
using Onboard.Runtime.Config;
using Onboard.Tests.Infrastructure;
using Onboard.Tests.Kernels.Device;

namespace Onboard.Tests.Config;

/// <summary>
/// <c>models.NAME.kernels</c>: "host" by default; "device" refused, by <c>onboard config check</c> and by
/// <c>onboard run</c>, with exactly what this machine lacks (the CUDA accelerator's reason and each GPU provider's).
/// </summary>
public sealed class DeviceKernelsConfigTests
{
    private static string Config(TempDirectory dir, string model)
    {
        string file = dir.File("run.json");
        File.WriteAllText(file, $$"""
        { "models": { "m": { "builtin": "synthetic-signs"{{model}} } },
          "cameras": [ { "id": "a", "model": "m", "source": { "kind": "sim", "fps": 5 } } ] }
        """);
        return file;
    }

    [Fact]
    public void Read_NoKernelsField_IsHost()
    {
        using var dir = new TempDirectory();
        RunConfig? config = ConfigReader.Validate(Config(dir, ""), out List<ConfigError> errors);
        Assert.True(config is not null, string.Join("\n", errors));
        Assert.Equal(KernelPlacement.Host, config.Models["m"].Kernels);
    }

    [NoCudaFact]
    public void ConfigCheckAndRun_KernelsDeviceWithoutAGpu_ExitTwoSayingExactlyWhatIsMissing()
    {
        using var dir = new TempDirectory();
        string file = Config(dir, ", \"kernels\": \"device\"");
        string expected = ConfigReader.DeviceProblem(["tensorrt", "cuda", "cpu"])!;
        Assert.StartsWith("\"device\" needs a CUDA accelerator and a CUDA or TensorRT execution provider: " + DeviceAccelerator.CudaProblem(), expected, StringComparison.Ordinal);
        Assert.Contains("CUDAExecutionProvider", expected, StringComparison.Ordinal);
        Assert.Contains("TensorrtExecutionProvider", expected, StringComparison.Ordinal);

        foreach (string[] args in new[] { new[] { "config", "check", file }, ["run", "--config", file, "--seconds", "1"] })
        {
            (int exit, _, string err) = OnboardCli.Run(args);
            Assert.Equal(2, exit);
            Assert.Contains($"models.m.kernels: {expected}", err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ConfigCheck_KernelsDeviceOnACpuOnlyChainOrUnknownValue_ExitTwoNamingTheField()
    {
        using var dir = new TempDirectory();
        (int exit, _, string err) = OnboardCli.Run("config", "check", Config(dir, ", \"kernels\": \"device\", \"executionProviders\": [\"cpu\"]"));
        Assert.Equal(2, exit);
        Assert.Contains("models.m.kernels: \"device\" needs", err, StringComparison.Ordinal);
        Assert.Contains("executionProviders [cpu] names neither tensorrt nor cuda", err, StringComparison.Ordinal);

        (exit, _, err) = OnboardCli.Run("config", "check", Config(dir, ", \"kernels\": \"gpu\""));
        Assert.Equal(2, exit);
        Assert.Contains("models.m.kernels: unknown kernels \"gpu\" (known: host, device)", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KernelsDeviceModelWithAShadow_NamesTheCamerasShadow()
    {
        using var dir = new TempDirectory();
        string file = dir.File("shadow.json");
        File.WriteAllText(file, """
        { "models": { "m": { "builtin": "synthetic-signs", "kernels": "device" }, "s": { "builtin": "synthetic-signs" } },
          "cameras": [ { "id": "a", "model": "m", "shadow": "s", "source": { "kind": "sim" } } ] }
        """);
        Assert.Null(ConfigReader.Validate(file, out List<ConfigError> errors));
        Assert.Contains(errors, e => e.ToString().Contains(
            "cameras[0].shadow: the camera's model \"m\" runs kernels \"device\" (models.m.kernels); a shadow reads the host tensor", StringComparison.Ordinal));
    }

    [Fact]
    public void Version_PrintsTheDeviceKernelsLineWithItsContextMode()
    {
        string[] lines = OnboardCli.Run("version").Output.Split('\n');
        string device = Assert.Single(lines, l => l.StartsWith("device kernels", StringComparison.Ordinal));
        Assert.Contains(DeviceAccelerator.CudaProblem() is string problem ? $"unavailable: {problem} (context none" : "(context ", device, StringComparison.Ordinal);
    }
}
