using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Onboard.Runtime.Diagnostics;

namespace Onboard.Runtime.Inference;

/// <summary>
/// Whether a GPU provider that ships with ONNX Runtime (<c>libonnxruntime_providers_cuda.so</c>,
/// <c>…_tensorrt.so</c> next to <c>libonnxruntime.so</c>) can load on this machine, and if not, every library it
/// is missing. The loader (and so ORT's own error) names only the first; a vehicle image is fixed faster with the
/// whole list. Checked before ORT is asked to append the provider, so a machine without CUDA gets our one line,
/// not ORT's error log. Results are cached for the process: installed libraries do not change under it.
/// </summary>
internal static class ProviderLibraries
{
    // Libraries the providers open at run time rather than naming as DT_NEEDED: libcudart opens the driver's
    // libcuda.so.1, and ORT's CUDA provider opens cuDNN 9 (ORT's CUDA provider requirements: CUDA 13.x, cuDNN 9.x).
    private static readonly string[] s_cudaOpenedAtRunTime = ["libcuda.so.1", "libcudnn.so.9"];
    private static readonly string[] s_tensorRtOpenedAtRunTime = ["libcuda.so.1"];

    private static readonly ConcurrentDictionary<string, ProviderLibraryStatus> s_status = new(StringComparer.Ordinal);

    /// <summary>The library file of <paramref name="requested"/> (<c>cuda</c> or <c>tensorrt</c>).</summary>
    public static string FileName(string requested) => $"libonnxruntime_providers_{requested}.so";

    /// <summary>Where this process loaded <c>libonnxruntime.so</c> from; ORT looks for its providers there.</summary>
    public static string NativeDirectory => s_nativeDirectory.Value;

    private static readonly Lazy<string> s_nativeDirectory = new(FindNativeDirectory);

    public static ProviderLibraryStatus Check(string requested) => s_status.GetOrAdd(requested, Probe);

    private static ProviderLibraryStatus Probe(string requested)
    {
        string library = Path.Combine(NativeDirectory, FileName(requested));
        if (!File.Exists(library))
        {
            return new ProviderLibraryStatus(null, []);
        }
        var missing = new List<string>();
        IEnumerable<string> needed = ElfDependencies.Needed(library)
            .Concat(requested == ExecutionProviders.TensorRt ? s_tensorRtOpenedAtRunTime : s_cudaOpenedAtRunTime);
        foreach (string name in needed)
        {
            if (!missing.Contains(name) && !CanLoad(name))
            {
                missing.Add(name);
            }
        }
        return new ProviderLibraryStatus(library, missing);
    }

    private static bool CanLoad(string soname)
    {
        if (!NativeLibrary.TryLoad(soname, out nint handle))
        {
            return false;
        }
        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>
    /// The missing libraries grouped by what installs them, e.g. "no NVIDIA driver (libcuda.so.1); missing CUDA
    /// runtime (libcudart.so.13, libcublas.so.13); missing cuDNN (libcudnn.so.9)".
    /// </summary>
    public static string Describe(IReadOnlyList<string> missing)
    {
        var groups = new List<string>();
        foreach (string package in s_packages)
        {
            var names = missing.Where(m => Package(m) == package).ToList();
            if (names.Count > 0)
            {
                groups.Add((package == Driver ? "no NVIDIA driver (" : $"missing {package} (") + string.Join(", ", names) + ")");
            }
        }
        return string.Join("; ", groups);
    }

    private const string Driver = "NVIDIA driver";
    private static readonly string[] s_packages = [Driver, "CUDA runtime", "cuDNN", "TensorRT", "other"];

    private static string Package(string soname) => soname switch
    {
        _ when soname.StartsWith("libcuda.so", StringComparison.Ordinal) => Driver,
        _ when soname.StartsWith("libcudnn", StringComparison.Ordinal) => "cuDNN",
        _ when soname.StartsWith("libnvinfer", StringComparison.Ordinal) || soname.StartsWith("libnvonnxparser", StringComparison.Ordinal) => "TensorRT",
        _ when soname.StartsWith("libcu", StringComparison.Ordinal) || soname.StartsWith("libnvrtc", StringComparison.Ordinal) => "CUDA runtime",
        _ => "other",
    };

    private static string FindNativeDirectory()
    {
        // The exact file the dynamic loader mapped (ORT is loaded by the time a provider is checked).
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                int at = line.IndexOf('/', StringComparison.Ordinal);
                if (at >= 0 && line.EndsWith("/libonnxruntime.so", StringComparison.Ordinal))
                {
                    return Path.GetDirectoryName(line[at..])!;
                }
            }
        }
        catch (IOException)
        {
            // No procfs: fall back to where the .NET host puts native assets.
        }
        string portable = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        return Directory.Exists(portable) ? portable : AppContext.BaseDirectory;
    }
}
