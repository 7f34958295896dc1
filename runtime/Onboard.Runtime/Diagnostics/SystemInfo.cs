using System.Numerics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Microsoft.ML.OnnxRuntime;
using Onboard.Runtime.Messaging.Zmq;

namespace Onboard.Runtime.Diagnostics;

/// <summary>What this process runs on: our version, the native libraries actually loaded, the SIMD in use.</summary>
public static class SystemInfo
{
    public static string OnboardVersion =>
        typeof(SystemInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SystemInfo).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string OnnxRuntimeVersion => OrtEnv.Instance().GetVersionString();

    public static IReadOnlyList<string> ExecutionProviders => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>libzmq's version, or why it cannot be loaded: it is loaded lazily (only publishing and echo need it),
    /// so a machine without it still runs everything else, and <c>onboard version</c> must say so, not crash.</summary>
    public static string ZmqVersion
    {
        get
        {
            try
            {
                return ZmqContext.LibraryVersion.ToString();
            }
            catch (DllNotFoundException)
            {
                return "not loadable here: libzmq.so.5 or a library it needs is missing (Debian: libzmq5); only publishing and echo need it";
            }
        }
    }

    /// <summary>Instruction sets the JIT will use for our kernels, widest first.</summary>
    public static IReadOnlyList<string> SimdInstructionSets
    {
        get
        {
            var sets = new List<string>();
            if (Avx512BW.IsSupported) sets.Add("AVX-512BW");
            if (Avx512F.IsSupported) sets.Add("AVX-512F");
            if (Avx2.IsSupported) sets.Add("AVX2");
            if (Fma.IsSupported) sets.Add("FMA");
            if (Sse41.IsSupported) sets.Add("SSE4.1");
            if (AdvSimd.Arm64.IsSupported) sets.Add("AdvSIMD (NEON)");
            return sets;
        }
    }

    /// <summary>Widest hardware-accelerated vector, in bits.</summary>
    public static int VectorWidthBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : Vector<byte>.Count * 8;

    public static string Platform => $"{RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, {Environment.ProcessorCount} cores";
}
