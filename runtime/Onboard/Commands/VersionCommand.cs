using System.CommandLine;
using Onboard.Runtime.Diagnostics;

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
            Console.WriteLine($"libzmq             {SystemInfo.ZmqVersion}");
            Console.WriteLine($"simd               {string.Join(", ", SystemInfo.SimdInstructionSets)} (vectors {SystemInfo.VectorWidthBits} bits)");
            Console.WriteLine($"platform           {SystemInfo.Platform}");
            return 0;
        });
        return command;
    }
}
