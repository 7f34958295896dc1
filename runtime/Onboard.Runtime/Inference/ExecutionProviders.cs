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
    /// reason it cannot be used here. Two ways a GPU provider can exist: built into libonnxruntime (a GPU build
    /// lists it in <see cref="Available"/>), or as a plugin EP library next to it
    /// (<c>libonnxruntime_providers_cuda.so</c> / <c>_tensorrt.so</c> from the GPU npm package, which is how
    /// the CPU build we ship loads them): registered once per process, then appended by device.
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
        try
        {
            if (Available().Contains(ortName))
            {
                AppendBuiltIn(session, requested, options);
                return null;
            }
            return AppendPlugin(session, requested, ortName, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"{ortName} did not load: {OneLine(e.Message)}";
        }
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

    private static string? AppendPlugin(SessionOptions session, string requested, string ortName, InferenceOptions options)
    {
        string library = Path.Combine(options.ProviderLibraryDirectory, $"libonnxruntime_providers_{requested}.so");
        string notBuiltIn = $"{ortName} is not in this ONNX Runtime build ({string.Join(", ", Available())})";
        if (!File.Exists(library))
        {
            return $"{notBuiltIn} and its plugin library {Path.GetFileName(library)} is not installed in {options.ProviderLibraryDirectory} (scripts/bootstrap.sh --gpu, then rebuild)";
        }
        string? failure = s_registered.GetOrAdd(library, Register, requested);
        if (failure is not null)
        {
            return $"{notBuiltIn}; its plugin library failed to load: {failure} (needs the CUDA/cuDNN{(requested == TensorRt ? "/TensorRT" : "")} runtime and a GPU driver)";
        }
        var env = OrtEnv.Instance();
        var devices = new List<OrtEpDevice>();
        foreach (var d in env.GetEpDevices())
        {
            if (d.EpName == ortName && d.HardwareDevice.Type == OrtHardwareDeviceType.GPU)
            {
                devices.Add(d);
            }
        }
        if (options.DeviceId >= devices.Count)
        {
            return $"{ortName} loaded but reports {devices.Count} GPU device(s); device {options.DeviceId} is not among them";
        }
        var epOptions = requested == TensorRt ? TensorRtOptions(options) : CudaOptions(options);
        epOptions.Remove("device_id");   // the device is chosen by the OrtEpDevice itself
        session.AppendExecutionProvider(env, [devices[options.DeviceId]], epOptions);
        if (requested == TensorRt)
        {
            // As with built-in providers: CUDA next, for the nodes TensorRT cannot build (the CPU takes them otherwise).
            _ = AppendPlugin(session, Cuda, OrtName(Cuda), options);
        }
        return null;
    }

    private static string? Register(string library, string requested)
    {
        try
        {
            OrtEnv.Instance().RegisterExecutionProviderLibrary(requested == TensorRt ? "TensorRT" : "CUDA", library);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            return OneLine(e.Message);
        }
    }

    // Plugin libraries register once per process: library path → null (registered) or the load failure.
    private static readonly ConcurrentDictionary<string, string?> s_registered = new(StringComparer.Ordinal);

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
