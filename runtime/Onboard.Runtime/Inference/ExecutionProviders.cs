using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace Onboard.Runtime.Inference;

/// <summary>
/// The provider chain's vocabulary and mechanics: config names ↔ ORT names, appending a provider with
/// its options to a <see cref="SessionOptions"/>, and reporting each provider's absence once per process
/// (a fleet of cameras opening sessions must not repeat the same line per camera).
/// </summary>
public static class ExecutionProviders
{
    public const string TensorRt = "tensorrt";
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    private static readonly ConcurrentDictionary<string, byte> s_reported = new(StringComparer.Ordinal);

    /// <summary>ORT's name for a chain entry.</summary>
    public static string OrtName(string requested) => requested.ToLowerInvariant() switch
    {
        TensorRt => "TensorrtExecutionProvider",
        Cuda => "CUDAExecutionProvider",
        Cpu => "CPUExecutionProvider",
        _ => throw new ArgumentException($"unknown execution provider '{requested}'; expected {TensorRt}, {Cuda} or {Cpu}", nameof(requested)),
    };

    /// <summary>Providers this ONNX Runtime build lists (shared provider libraries next to it may add more at load time).</summary>
    public static IReadOnlyList<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>
    /// Appends <paramref name="requested"/> to <paramref name="session"/>. Returns null on success, else the
    /// reason it cannot be used here (absent from the build, or its library failed to load).
    /// </summary>
    public static string? TryAppend(SessionOptions session, string requested, InferenceOptions options)
    {
        string ortName = OrtName(requested);
        if (requested == Cpu)
        {
            // The CPU provider is always there; appending it only pins the arena choice.
            session.AppendExecutionProvider_CPU(options.CpuMemoryArena ? 1 : 0);
            return null;
        }
        bool listed = Available().Contains(ortName);
        try
        {
            if (requested == TensorRt)
            {
                using var trt = new OrtTensorRTProviderOptions();
                trt.UpdateOptions(TensorRtOptions(options));
                session.AppendExecutionProvider_Tensorrt(trt);
                // TensorRT hands the nodes it cannot build to the next provider: CUDA, as ORT recommends.
                using var cuda = new OrtCUDAProviderOptions();
                cuda.UpdateOptions(CudaOptions(options));
                session.AppendExecutionProvider_CUDA(cuda);
            }
            else
            {
                using var cuda = new OrtCUDAProviderOptions();
                cuda.UpdateOptions(CudaOptions(options));
                session.AppendExecutionProvider_CUDA(cuda);
            }
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or NotSupportedException)
        {
            string build = listed ? "listed by this ONNX Runtime build" : $"not in this ONNX Runtime build's providers ({string.Join(", ", Available())})";
            return $"{ortName} is {build} and its library did not load: {OneLine(e.Message)} (GPU providers: scripts/bootstrap.sh --gpu, plus the CUDA/cuDNN/TensorRT runtime)";
        }
    }

    /// <summary>CUDA provider options, as ORT's <c>OrtCUDAProviderOptionsV2</c> keys.</summary>
    public static Dictionary<string, string> CudaOptions(InferenceOptions options)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = Invariant(options.DeviceId),
            ["arena_extend_strategy"] = options.ArenaExtendStrategy,
            ["cudnn_conv_algo_search"] = options.DeterministicCompute ? "DEFAULT" : "EXHAUSTIVE",
            ["do_copy_in_default_stream"] = "1",
        };
        if (options.GpuMemoryLimitBytes > 0)
        {
            d["gpu_mem_limit"] = Invariant(options.GpuMemoryLimitBytes);
        }
        return d;
    }

    /// <summary>TensorRT provider options, as ORT's <c>OrtTensorRTProviderOptionsV2</c> keys.</summary>
    public static Dictionary<string, string> TensorRtOptions(InferenceOptions options)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["device_id"] = Invariant(options.DeviceId),
            ["trt_fp16_enable"] = options.TensorRtFp16 ? "1" : "0",
            ["trt_max_workspace_size"] = Invariant(options.TensorRtWorkspaceBytes),
            ["trt_engine_cache_enable"] = options.TensorRtEngineCacheDirectory is null ? "0" : "1",
        };
        if (options.TensorRtEngineCacheDirectory is not null)
        {
            d["trt_engine_cache_path"] = options.TensorRtEngineCacheDirectory;
        }
        return d;
    }

    /// <summary>Writes <paramref name="message"/> the first time this process sees it.</summary>
    internal static void ReportOnce(TextWriter log, string message)
    {
        if (s_reported.TryAdd(message, 0))
        {
            log.WriteLine(message);
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();

    private static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
