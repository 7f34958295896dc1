using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Onboard.Runtime.Inference;

/// <summary>
/// C API entries the C# API of ORT 1.29 does not wrap. We read the function from ORT's own API table
/// (the <see cref="OrtApi"/> struct the C# API declares, so the offset is ORT's, not ours) and call it.
/// </summary>
internal static unsafe partial class OrtNative
{
    // SetDeterministicCompute arrived in C API version 17 (ORT 1.17).
    private const uint ApiVersion = 17;

    [LibraryImport("onnxruntime")]
    private static partial IntPtr OrtGetApiBase();

    /// <summary>OrtApi::SetDeterministicCompute(OrtSessionOptions*, bool).</summary>
    public static void SetDeterministicCompute(SessionOptions options, bool value)
    {
        // Safe: the API base and table are static data inside libonnxruntime that live for the process;
        // the options handle is kept alive by the caller for the duration of the call.
        var apiBase = (OrtApiBase*)OrtGetApiBase();
        var getApi = (delegate* unmanaged<uint, IntPtr>)apiBase->GetApi;
        IntPtr api = getApi(ApiVersion);
        if (api == IntPtr.Zero)
        {
            throw new NotSupportedException($"this ONNX Runtime does not offer C API version {ApiVersion} (deterministic compute)");
        }
        var fn = *(delegate* unmanaged<IntPtr, byte, IntPtr>*)(api + Marshal.OffsetOf<OrtApi>(nameof(OrtApi.SetDeterministicCompute)));
        IntPtr status = fn(options.DangerousGetHandle(), value ? (byte)1 : (byte)0);
        if (status != IntPtr.Zero)
        {
            var message = *(delegate* unmanaged<IntPtr, IntPtr>*)(api + Marshal.OffsetOf<OrtApi>(nameof(OrtApi.GetErrorMessage)));
            var release = *(delegate* unmanaged<IntPtr, void>*)(api + Marshal.OffsetOf<OrtApi>(nameof(OrtApi.ReleaseStatus)));
            string text = Marshal.PtrToStringUTF8(message(status)) ?? "unknown error";
            release(status);
            throw new InvalidOperationException("ONNX Runtime refused deterministic compute: " + text);
        }
    }
}
