using System.CommandLine;
using Onboard.Kernels.Device;
using Onboard.Runtime.Diagnostics;
using Onboard.Runtime.Inference;

namespace Onboard.Commands;

/// <summary><c>onboard version</c>: our version and what the native pieces actually loaded are.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print Onboard, ONNX Runtime and libzmq versions, execution providers and SIMD in use");
        command.SetAction(_ =>
        {
            Console.WriteLine($"onboard            {SystemInfo.OnboardVersion}");
            Console.WriteLine($"onnxruntime        {SystemInfo.OnnxRuntimeVersion}");
            Console.WriteLine($"execution providers {string.Join(", ", SystemInfo.ExecutionProviders)}");
            // What a session with the default chain would run on here, and why the better ones are not used.
            var chosen = ExecutionProviders.Probe(new InferenceOptions());
            Console.WriteLine($"execution provider {chosen.Chosen} (chain {string.Join(" → ", chosen.Attempts.Select(a => a.Requested))})");
            foreach (var skipped in chosen.Attempts.Where(a => !a.Chosen))
            {
                Console.WriteLine($"  {skipped.Requested,-9} skipped: {skipped.Reason}");
            }
            Console.WriteLine($"device kernels     {DeviceKernels()}");
            Console.WriteLine($"libzmq             {SystemInfo.ZmqVersion}");
            Console.WriteLine($"simd               {string.Join(", ", SystemInfo.SimdInstructionSets)} (vectors {SystemInfo.VectorWidthBits} bits)");
            Console.WriteLine($"platform           {SystemInfo.Platform}");
            return 0;
        });
        return command;
    }

    /// <summary>The CUDA accelerator the device kernels would run on and the context mode chosen for it, or why there is none.</summary>
    private static string DeviceKernels()
    {
        if (DeviceAccelerator.CudaProblem() is string problem)
        {
            return $"unavailable: {problem} (context {DeviceContextPlan.Name(DeviceContextMode.None)}; models run kernels \"host\")";
        }
        using DeviceAccelerator device = DeviceAccelerator.Open(DeviceKind.Cuda);
        return $"{device} (context {DeviceContextPlan.Name(DeviceContextPlan.Choose(device))})";
    }
}
