using System.Runtime.InteropServices;
using Onboard.Runtime.Diagnostics;
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
        Assert.Contains("CUDAExecutionProvider ships with this build", again.Providers.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuda", "libcublasLt.so.13")]
    [InlineData("tensorrt", "libnvinfer.so.10")]
    public void Open_GpuProviderShippedWithoutCuda_ListsEveryLibraryTheLoaderCannotFind(string provider, string expected)
    {
        using var dir = new TempDirectory();
        using var session = DetectorSession.Open(TestModels.WriteCompute(dir, 64),
            new InferenceOptions { ExecutionProviders = [provider, "cpu"], WarmupRuns = 0, Log = new StringWriter() });
        Assert.Equal("CPUExecutionProvider", session.ExecutionProvider);
        ProviderAttempt gpu = session.Providers.Attempts[0];
        Assert.Contains($"ships with this build (libonnxruntime_providers_{provider}.so) but cannot load here", gpu.Reason, StringComparison.Ordinal);
        Assert.Contains(expected, gpu.MissingLibraries);
        Assert.Contains("libcuda.so.1", gpu.MissingLibraries);   // no NVIDIA driver on this machine
        Assert.Contains("no NVIDIA driver (libcuda.so.1)", gpu.Reason, StringComparison.Ordinal);
        // The dynamic loader is the judge: everything ldd cannot find for the shipped library is named, and
        // nothing named can be loaded.
        string library = Path.Combine(ProviderLibraries.NativeDirectory, ProviderLibraries.FileName(provider));
        foreach (string notFound in LddNotFound(library))
        {
            Assert.Contains(notFound, gpu.MissingLibraries);
        }
        foreach (string name in gpu.MissingLibraries)
        {
            Assert.False(NativeLibrary.TryLoad(name, out _), name + " loads, yet was reported missing");
        }
    }

    [Fact]
    public void Needed_ShippedProviderLibrary_EqualsReadelfsList()
    {
        string library = Path.Combine(ProviderLibraries.NativeDirectory, ProviderLibraries.FileName("tensorrt"));
        using var readelf = new PeerProcess("readelf", "-d", library);
        var expected = new List<string>();
        while (readelf.ReadLine(TimeSpan.FromSeconds(30)) is { } line)
        {
            if (line.Contains("(NEEDED)", StringComparison.Ordinal))
            {
                expected.Add(line[(line.IndexOf('[', StringComparison.Ordinal) + 1)..line.IndexOf(']', StringComparison.Ordinal)]);
            }
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected, ElfDependencies.Needed(library));
    }

    private static List<string> LddNotFound(string library)
    {
        using var ldd = new PeerProcess("ldd", library);
        var missing = new List<string>();
        while (ldd.ReadLine(TimeSpan.FromSeconds(30)) is { } line)
        {
            if (line.Contains("=> not found", StringComparison.Ordinal))
            {
                missing.Add(line.Trim().Split(' ')[0]);
            }
        }
        return missing;
    }

    [Fact]
    public void Open_CudaOnlyWithoutFallback_FailsNamingTheProviderAndTheFix()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            DetectorSession.Open(TestModels.WriteCompute(dir, 64), new InferenceOptions { ExecutionProviders = ["cuda"] }));
        Assert.StartsWith("no execution provider of the chain [cuda] can run the model: cuda: skipped, CUDAExecutionProvider ships with this build (libonnxruntime_providers_cuda.so) but cannot load here: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("libcublasLt.so.13", e.Message, StringComparison.Ordinal);
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
        Assert.Contains("tensorrt: skipped, TensorrtExecutionProvider ships with this build", selection.ToString(), StringComparison.Ordinal);
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
