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

    /// <summary>Providers this ONNX Runtime build lists: on linux-x64 (the GPU package) TensorRT, CUDA and CPU,
    /// whether or not their libraries can load here; on linux-arm64 (the CPU package) the CPU only.</summary>
    public static IReadOnlyList<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>
    /// Appends <paramref name="requested"/> to <paramref name="session"/>. Returns null on success, else the
    /// reason it cannot be used here; <paramref name="missing"/> then lists the libraries this machine lacks
    /// for a provider that ships with this build but cannot load (checked before ORT tries, see
    /// <see cref="ProviderLibraries"/>).
    /// </summary>
    public static string? TryAppend(SessionOptions session, string requested, InferenceOptions options, out IReadOnlyList<string> missing)
    {
        missing = [];
        string ortName = OrtName(requested);
        if (requested == Cpu)
        {
            // The CPU provider is always there; appending it only pins the arena choice.
            session.AppendExecutionProvider_CPU(options.CpuMemoryArena ? 1 : 0);
            return null;
        }
        if (LoadProblem(requested, out missing) is string problem)
        {
            return problem;
        }
        try
        {
            AppendBuiltIn(session, requested, options);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return $"{ortName} did not load: {OneLine(e.Message)}";
        }
    }

    /// <summary>
    /// Null when the GPU provider <paramref name="requested"/> (<c>cuda</c>, <c>tensorrt</c>) is in this build and its
    /// libraries load here; otherwise why not, and in <paramref name="missing"/> the libraries this machine lacks.
    /// </summary>
    public static string? LoadProblem(string requested, out IReadOnlyList<string> missing)
    {
        missing = [];
        string ortName = OrtName(requested);
        if (!Available().Contains(ortName))
        {
            return $"{ortName} is not in this ONNX Runtime build ({string.Join(", ", Available())}; the official linux-arm64 package is CPU-only)";
        }
        ProviderLibraryStatus status = ProviderLibraries.Check(requested);
        if (status.Library is null)
        {
            return $"{ortName} is listed by this ONNX Runtime build but {ProviderLibraries.FileName(requested)} is not next to libonnxruntime.so in {ProviderLibraries.NativeDirectory}";
        }
        if (status.Missing.Count > 0)
        {
            missing = status.Missing;
            return $"{ortName} ships with this build ({Path.GetFileName(status.Library)}) but cannot load here: {ProviderLibraries.Describe(status.Missing)}";
        }
        return null;
    }

    private static void AppendBuiltIn(SessionOptions session, string requested, InferenceOptions options)
    {
        if (requested == TensorRt)
        {
            using var trt = new OrtTensorRTProviderOptions();
            trt.UpdateOptions(TensorRtOptions(options));
            session.AppendExecutionProvider_Tensorrt(trt);
        }
        // After TensorRT, CUDA takes the nodes TensorRT cannot build, as ORT recommends.
        using var cuda = new OrtCUDAProviderOptions();
        cuda.UpdateOptions(CudaOptions(options));
        session.AppendExecutionProvider_CUDA(cuda);
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

    /// <summary>
    /// Which provider a session with <paramref name="options"/> would run on here, found by opening a
    /// one-node model through the same chain (for <c>onboard version</c> and health before any model loads).
    /// </summary>
    public static ProviderSelection Probe(InferenceOptions options)
    {
        byte[] model = s_probeModel.Value;
        using var session = ProviderChain.Create(options, "(provider probe)",
            () => new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR },
            so => new InferenceSession(model, so),
            out ProviderSelection selection);
        return selection;
    }

    private static readonly Lazy<byte[]> s_probeModel = new(() =>
    {
        var g = new Onboard.Models.Graph.GraphBuilder("provider_probe");
        string x = g.Input("x", Onnx.TensorProto.Types.DataType.Float, 1);
        g.Output(g.Relu(x), "y", Onnx.TensorProto.Types.DataType.Float, 1);
        return Google.Protobuf.MessageExtensions.ToByteArray(g.Build("0.1.0"));
    });

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
