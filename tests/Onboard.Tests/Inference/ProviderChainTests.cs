using Onboard.Runtime.Inference;
using Onboard.Tests.Infrastructure;

namespace Onboard.Tests.Inference;

/// <summary>
/// No GPU here: the chain must notice CUDA and TensorRT are absent, say why, and fall back to the CPU
/// when the chain allows it, or refuse clearly when it does not.
/// </summary>
public sealed class ProviderChainTests
{
    [Fact]
    public void Open_DefaultChainWithoutGpu_FallsBackToCpuWithEachReasonRecorded()
    {
        using var dir = new TempDirectory();
        var log = new StringWriter();
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { Log = log, WarmupRuns = 0 });
        Assert.Equal("CPUExecutionProvider", session.ExecutionProvider);
        Assert.True(session.Providers.FellBack);
        Assert.Equal(["tensorrt", "cuda", "cpu"], session.Providers.Attempts.Select(a => a.Requested));
        Assert.Contains("TensorrtExecutionProvider", session.Providers.Attempts[0].Reason, StringComparison.Ordinal);
        Assert.Contains("CUDAExecutionProvider", session.Providers.Attempts[1].Reason, StringComparison.Ordinal);
        Assert.True(session.Providers.Attempts[2].Chosen);
    }

    [Fact]
    public void Open_CudaThenCpu_RunsOnCpuAndLogsTheReasonOncePerProcess()
    {
        using var dir = new TempDirectory();
        string path = TestModels.WriteCompute(dir, 64);
        var options = new InferenceOptions { ExecutionProviders = ["cuda", "cpu"], WarmupRuns = 0, Log = new StringWriter() };
        using var first = DetectorSession.Open(path, options);
        var second = new StringWriter();
        using var again = DetectorSession.Open(path, options with { Log = second });
        Assert.Equal("CPUExecutionProvider", again.ExecutionProvider);
        Assert.Equal(first.Providers.Attempts[0].Reason, again.Providers.Attempts[0].Reason);
        // Once per process: whoever opened first logged it; the second open stays quiet.
        Assert.DoesNotContain("cuda unavailable", second.ToString(), StringComparison.Ordinal);
        Assert.Contains("libonnxruntime_providers_cuda.so is not installed", again.Providers.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CudaPluginLibraryThatFailsToLoad_FallsBackToCpuWithTheLoadersReason()
    {
        using var dir = new TempDirectory();
        string libraries = Directory.CreateDirectory(dir.File("providers")).FullName;
        File.WriteAllBytes(Path.Combine(libraries, "libonnxruntime_providers_cuda.so"), "not a shared library"u8.ToArray());
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir, 64),
            new InferenceOptions { ExecutionProviders = ["cuda", "cpu"], ProviderLibraryDirectory = libraries, WarmupRuns = 0 });
        Assert.Equal("CPUExecutionProvider", session.ExecutionProvider);
        string reason = session.Providers.Attempts[0].Reason!;
        Assert.Contains("its plugin library failed to load", reason, StringComparison.Ordinal);
        Assert.Contains("Failed to load library", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CudaOnlyWithoutFallback_FailsNamingTheProviderAndTheFix()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { ExecutionProviders = ["cuda"] }));
        Assert.StartsWith("no execution provider of the chain [cuda] can run the model: cuda: skipped, CUDAExecutionProvider is not in this ONNX Runtime build", e.Message, StringComparison.Ordinal);
        Assert.Contains("add 'cpu' to the chain", e.Message, StringComparison.Ordinal);
        Assert.Single(e.Attempts);
    }

    [Fact]
    public void Open_UnknownProviderName_SaysWhichNamesExist()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ArgumentException>(() =>
            DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { ExecutionProviders = ["tpu", "cpu"] }));
        Assert.Contains("unknown execution provider 'tpu'; expected tensorrt, cuda or cpu", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_DefaultChain_ReportsTheCpuAsChosenAndWhyTheGpuProvidersAreNot()
    {
        var selection = ExecutionProviders.Probe(new InferenceOptions());
        Assert.Equal("CPUExecutionProvider", selection.Chosen);
        Assert.Equal(2, selection.Attempts.Count(a => !a.Chosen));
        Assert.Contains("tensorrt: skipped, TensorrtExecutionProvider is not in this ONNX Runtime build", selection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GpuOptions_PassDeviceFp16CacheAndWorkspaceThrough()
    {
        var o = new InferenceOptions { DeviceId = 1, TensorRtFp16 = false, TensorRtEngineCacheDirectory = "/var/cache/trt", TensorRtWorkspaceBytes = 2L << 30, GpuMemoryLimitBytes = 1L << 32 };
        var trt = ExecutionProviders.TensorRtOptions(o);
        Assert.Equal("1", trt["device_id"]);
        Assert.Equal("0", trt["trt_fp16_enable"]);
        Assert.Equal("1", trt["trt_engine_cache_enable"]);
        Assert.Equal("/var/cache/trt", trt["trt_engine_cache_path"]);
        Assert.Equal("2147483648", trt["trt_max_workspace_size"]);
        var cuda = ExecutionProviders.CudaOptions(o);
        Assert.Equal("1", cuda["device_id"]);
        Assert.Equal("4294967296", cuda["gpu_mem_limit"]);
    }
}
