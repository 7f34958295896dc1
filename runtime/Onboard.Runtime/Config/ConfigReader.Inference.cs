using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Onboard.Models.Loading;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Config;

/// <summary>
/// A model's ONNX Runtime settings (provider chain, GPU options, threads, warm-up) and the top-level <c>trust</c>
/// (the fleet key every model file must be signed with).
/// </summary>
public static partial class ConfigReader
{
    private const long MiB = 1L << 20;

    private static readonly string[] s_providers = [ExecutionProviders.TensorRt, ExecutionProviders.Cuda, ExecutionProviders.Cpu];

    private static readonly Dictionary<string, GraphOptimizationLevel> s_optimization = new(StringComparer.Ordinal)
    {
        ["none"] = GraphOptimizationLevel.ORT_DISABLE_ALL,
        ["basic"] = GraphOptimizationLevel.ORT_ENABLE_BASIC,
        ["extended"] = GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        ["all"] = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    /// <summary>The inference fields of <c>models.NAME</c>; <paramref name="trust"/> applies to model files, not to builtins this binary generates.</summary>
    private static InferenceOptions ReadInference(JsonFields f, string baseDirectory, ModelLoadOptions trust, bool builtin, List<ConfigError> errors)
    {
        var d = new InferenceOptions();
        var options = d with
        {
            ExecutionProviders = ReadProviders(f, d.ExecutionProviders),
            DeviceId = f.Integer("deviceId", d.DeviceId, 0, 63),
            IntraOpThreads = f.Integer("intraOpThreads", d.IntraOpThreads, 0, 256),
            InterOpThreads = f.Integer("interOpThreads", d.InterOpThreads, 0, 256),
            DeterministicCompute = f.Boolean("deterministic", d.DeterministicCompute),
            WarmupRuns = f.Integer("warmupRuns", d.WarmupRuns, 0, 100),
            GpuMemoryLimitBytes = f.Integer("gpuMemoryLimitMb", 0, 0, 1 << 20) * MiB,
            OptimizedModelPath = f.String("optimizedModelPath") is { } saved ? Path.Combine(baseDirectory, saved) : null,
            InputShape = ReadShape(f, "inputShape"),
            Trust = builtin ? new ModelLoadOptions() : trust,
        };
        if (f.String("optimization") is { } level)
        {
            if (s_optimization.TryGetValue(level, out GraphOptimizationLevel l))
            {
                options = options with { OptimizationLevel = l };
            }
            else
            {
                f.Error("optimization", $"unknown level \"{level}\" (known: {string.Join(", ", s_optimization.Keys)})");
            }
        }
        if (f.TryGet("tensorrt", out JsonElement trtElement) && JsonFields.Of(trtElement, f.At("tensorrt"), errors) is { } trt)
        {
            options = options with
            {
                TensorRtFp16 = trt.Boolean("fp16", d.TensorRtFp16),
                TensorRtWorkspaceBytes = trt.Integer("workspaceMb", (int)(d.TensorRtWorkspaceBytes / MiB), 16, 1 << 20) * MiB,
                TensorRtEngineCacheDirectory = trt.String("engineCacheDir") is { } cache ? Path.Combine(baseDirectory, cache) : null,
            };
            trt.Finish();
        }
        return options;
    }

    /// <summary><c>executionProviders</c>: known names, each once; without <c>cpu</c> there is deliberately no fallback.</summary>
    private static IReadOnlyList<string> ReadProviders(JsonFields f, IReadOnlyList<string> fallback)
    {
        if (!f.Has("executionProviders"))
        {
            return fallback;
        }
        List<string> chain = f.Strings("executionProviders");
        if (chain.Count == 0)
        {
            f.Error("executionProviders", $"must name at least one provider ({string.Join(", ", s_providers)}), best first");
            return fallback;
        }
        for (int i = 0; i < chain.Count; i++)
        {
            string at = $"executionProviders[{i}]";
            if (!s_providers.Contains(chain[i]))
            {
                f.Error(at, $"unknown execution provider \"{chain[i]}\" (known: {string.Join(", ", s_providers)})");
            }
            else if (chain.IndexOf(chain[i]) < i)
            {
                f.Error(at, $"\"{chain[i]}\" is already in the chain");
            }
        }
        return chain;
    }

    /// <summary>A concrete input shape such as <c>[1, 3, 640, 640]</c>: every dimension positive.</summary>
    private static long[]? ReadShape(JsonFields f, string name)
    {
        if (!f.TryGet(name, out JsonElement v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() is < 1 or > 8
            || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || !x.TryGetInt64(out long n) || n < 1 || n > 1 << 16))
        {
            f.Error(name, $"expected an array of 1 to 8 positive whole numbers such as [1, 3, 640, 640], got {JsonFields.Describe(v)}");
            return null;
        }
        return [.. v.EnumerateArray().Select(x => x.GetInt64())];
    }

    /// <summary>
    /// <c>trust</c>: <c>publicKeyFile</c> (the fleet's ECDSA P-256 public key, PEM) makes every model file load only
    /// with a manifest signed by it; <c>requireManifest</c> (default true once <c>trust</c> is given) refuses model
    /// files without a manifest instead of inferring one.
    /// </summary>
    private static ModelLoadOptions ReadTrust(JsonFields root, string baseDirectory, List<ConfigError> errors)
    {
        if (!root.TryGet("trust", out JsonElement element) || JsonFields.Of(element, root.At("trust"), errors) is not { } f)
        {
            return new ModelLoadOptions();
        }
        string? pem = null;
        if (f.String("publicKeyFile") is { } keyFile)
        {
            string full = Path.Combine(baseDirectory, keyFile);
            if (!File.Exists(full))
            {
                f.Error("publicKeyFile", $"file not found: {full}");
            }
            else
            {
                pem = File.ReadAllText(full);
                if (PublicKeyProblem(pem) is { } problem)
                {
                    f.Error("publicKeyFile", $"{full} {problem}");
                    pem = null;
                }
            }
        }
        bool requireManifest = f.Boolean("requireManifest", true);
        f.Finish();
        return new ModelLoadOptions { PublicKeyPem = pem, RequireManifest = requireManifest };
    }

    private static string? PublicKeyProblem(string pem)
    {
        if (pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return "holds a private key; a vehicle needs only the fleet key's public half (openssl ec -pubout)";
        }
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "is not a PEM ECDSA public key (-----BEGIN PUBLIC KEY-----)";
        }
        return key.KeySize == 256 ? null : $"holds a {key.KeySize}-bit ECDSA key; the fleet key is P-256";
    }
}
