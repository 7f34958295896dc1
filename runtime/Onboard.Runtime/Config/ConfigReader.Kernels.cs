using Onboard.Kernels.Device;
using Onboard.Runtime.Inference;

namespace Onboard.Runtime.Config;

/// <summary><c>models.NAME.kernels</c>: <c>"host"</c> (default) or <c>"device"</c>, refused where the device path cannot run.</summary>
public static partial class ConfigReader
{
    public const string KernelsHost = "host";
    public const string KernelsDevice = "device";

    private static KernelPlacement ReadKernels(JsonFields f, InferenceOptions inference, bool batched)
    {
        string? value = f.String("kernels");
        switch (value)
        {
            case null or KernelsHost:
                return KernelPlacement.Host;
            case KernelsDevice:
                if (batched)
                {
                    f.Error("kernels", "\"device\" runs one camera per session; a model with a batch uses \"host\"");
                }
                else if (DeviceProblem(inference.ExecutionProviders) is string problem)
                {
                    f.Error("kernels", problem);
                }
                return KernelPlacement.Device;
            default:
                f.Error("kernels", $"unknown kernels \"{value}\" (known: {KernelsHost}, {KernelsDevice})");
                return KernelPlacement.Host;
        }
    }

    /// <summary>
    /// Null when <c>"kernels": "device"</c> can run here with the provider chain <paramref name="providers"/>: a CUDA
    /// accelerator opens, and a CUDA or TensorRT provider of the chain loads. Otherwise every reason, each naming what
    /// is missing (the accelerator's, and each GPU provider's from <see cref="ExecutionProviders.LoadProblem"/>).
    /// </summary>
    public static string? DeviceProblem(IReadOnlyList<string> providers)
    {
        var reasons = new List<string>();
        if (DeviceAccelerator.CudaProblem() is string accelerator)
        {
            reasons.Add(accelerator);
        }
        var gpu = providers.Where(p => p is ExecutionProviders.Cuda or ExecutionProviders.TensorRt).ToList();
        if (gpu.Count == 0)
        {
            reasons.Add($"executionProviders [{string.Join(", ", providers)}] names neither {ExecutionProviders.TensorRt} nor {ExecutionProviders.Cuda}");
        }
        else
        {
            var problems = new List<string>();
            foreach (string provider in gpu)
            {
                if (ExecutionProviders.LoadProblem(provider, out _) is not string problem)
                {
                    problems.Clear();
                    break;
                }
                problems.Add(problem);
            }
            reasons.AddRange(problems);
        }
        return reasons.Count == 0
            ? null
            : $"\"device\" needs a CUDA accelerator and a CUDA or TensorRT execution provider: {string.Join("; ", reasons)} (use \"host\")";
    }
}
