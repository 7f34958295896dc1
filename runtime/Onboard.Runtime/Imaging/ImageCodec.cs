using System.Runtime.InteropServices;
using Onboard.Kernels.Imaging;
using OpenCvSharp;

namespace Onboard.Runtime.Imaging;

/// <summary>
/// PNG/JPEG decoding and JPEG encoding through OpenCV in-process (OpenCvSharp4), at the edge: pixels come in
/// and go out as <see cref="ImageBuffer"/>/<see cref="ImageView"/> spans, and no Mat outlives a call or
/// reaches the kernels. OpenCvSharp's native library is served for linux-x64 only; elsewhere (linux-arm64)
/// every call throws <see cref="PlatformNotSupportedException"/> saying so, before OpenCvSharp is touched
/// (its own loader prints to stdout and throws a type-initialisation error).
/// </summary>
public static class ImageCodec
{
    /// <summary>The native library OpenCvSharp P/Invokes (libOpenCvSharpExtern.so).</summary>
    internal const string NativeLibraryName = "OpenCvSharpExtern";

    private static readonly Lazy<string?> s_unavailable = new(Probe);

    /// <summary>Whether OpenCV's native library loads in this process.</summary>
    public static bool IsAvailable => s_unavailable.Value is null;

    /// <summary>OpenCV's version (e.g. "4.13.0"), or null where its native library does not load.</summary>
    public static string? OpenCvVersion => IsAvailable ? Cv2.GetVersionString() : null;

    /// <summary>Reads and decodes an image file to BGR24 (8 bits per channel; grey and alpha images become BGR).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, truncated, corrupt or not an image; the message names the file and why.</exception>
    /// <exception cref="PlatformNotSupportedException">OpenCV's native library is not available here.</exception>
    public static ImageBuffer DecodeFile(string path)
    {
        EnsureAvailable();
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image '{path}' not found", path);
        }
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes an encoded image (PNG, JPEG, or another format OpenCV reads) to BGR24.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="name">What to call it in errors (the file name).</param>
    public static ImageBuffer Decode(ReadOnlySpan<byte> encoded, string name)
    {
        EnsureAvailable();
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException($"image '{name}' is empty (0 bytes)");
        }
        using Mat decoded = Cv2.ImDecode(encoded, ImreadModes.Color);
        if (decoded.Empty())
        {
            throw new InvalidDataException($"image '{name}' ({encoded.Length} bytes) could not be decoded: {EncodedImageCheck.Why(encoded)}");
        }
        if (decoded.Type() != MatType.CV_8UC3 || !decoded.IsContinuous())
        {
            throw new InvalidDataException($"image '{name}' decoded to an unexpected {decoded.Type()} Mat");
        }
        var pixels = GC.AllocateUninitializedArray<byte>(checked(decoded.Width * decoded.Height * 3));
        Marshal.Copy(decoded.Data, pixels, 0, pixels.Length);
        return new ImageBuffer(pixels, decoded.Width, decoded.Height, PixelFormat.Bgr24);
    }

    /// <summary>
    /// Encodes a frame as a baseline JPEG (4:2:0, libjpeg-turbo via OpenCV). BGR24 and gray8 are encoded
    /// as they are; every other format is first converted to BGR by OpenCV's cvtColor (which equals the
    /// kernels' conversion byte for byte).
    /// </summary>
    /// <param name="image">The frame, in any of our pixel formats and strides.</param>
    /// <param name="quality">JPEG quality, 0–100 (OpenCV's default is 95).</param>
    public static byte[] EncodeJpeg(scoped in ImageView image, int quality) => EncodeJpeg(image, quality, image.Width, image.Height);

    /// <summary>
    /// Encodes a frame as JPEG at <paramref name="width"/>×<paramref name="height"/>: a smaller size is first
    /// downscaled by OpenCV's area interpolation (the clip recorder's <c>clips.width</c>).
    /// </summary>
    public static byte[] EncodeJpeg(scoped in ImageView image, int quality, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        EnsureAvailable();
        byte[]? packed = image.Format == PixelFormat.I420 && image.Stride != image.Width ? PackI420(image) : null;
        ReadOnlySpan<byte> data = packed ?? image.Data;
        int step = packed is null ? image.Stride : image.Width;
        (int rows, MatType type, ColorConversionCodes? code) = MatLayout(image.Format, image.Height);
        unsafe
        {
            // The Mat only borrows the pinned bytes and is disposed inside this block, before they are unpinned.
            fixed (byte* p = data)
            {
                using Mat frame = Mat.FromPixelData(rows, image.Width, type, (nint)p, step);
                using var bgr = new Mat();
                if (code is ColorConversionCodes c)
                {
                    Cv2.CvtColor(frame, bgr, c);
                }
                using var resized = new Mat();
                Mat encoded = code is null ? frame : bgr;
                if (width != image.Width || height != image.Height)
                {
                    Cv2.Resize(encoded, resized, new Size(width, height), 0, 0, InterpolationFlags.Area);
                    encoded = resized;
                }
                if (!Cv2.ImEncode(".jpg", encoded, out byte[] jpeg, [(int)ImwriteFlags.JpegQuality, quality]))
                {
                    throw new InvalidOperationException($"OpenCV could not encode a {image.Width}x{image.Height} {PixelFormatInfo.Name(image.Format)} frame as JPEG");
                }
                return jpeg;
            }
        }
    }

    /// <summary>How OpenCV's cvtColor expects each of our formats as one Mat, and the code to BGR (none: encode as is).</summary>
    private static (int Rows, MatType Type, ColorConversionCodes? Code) MatLayout(PixelFormat format, int height) => format switch
    {
        PixelFormat.Bgr24 => (height, MatType.CV_8UC3, null),
        PixelFormat.Gray8 => (height, MatType.CV_8UC1, null),
        PixelFormat.Rgb24 => (height, MatType.CV_8UC3, ColorConversionCodes.RGB2BGR),
        PixelFormat.Bgra32 => (height, MatType.CV_8UC4, ColorConversionCodes.BGRA2BGR),
        PixelFormat.Rgba32 => (height, MatType.CV_8UC4, ColorConversionCodes.RGBA2BGR),
        PixelFormat.Yuyv => (height, MatType.CV_8UC2, ColorConversionCodes.YUV2BGR_YUYV),
        PixelFormat.Uyvy => (height, MatType.CV_8UC2, ColorConversionCodes.YUV2BGR_UYVY),
        PixelFormat.Nv12 => (height * 3 / 2, MatType.CV_8UC1, ColorConversionCodes.YUV2BGR_NV12),
        PixelFormat.Nv21 => (height * 3 / 2, MatType.CV_8UC1, ColorConversionCodes.YUV2BGR_NV21),
        PixelFormat.I420 => (height * 3 / 2, MatType.CV_8UC1, ColorConversionCodes.YUV2BGR_I420),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };

    /// <summary>
    /// Our I420 keeps each chroma plane's rows at stride/2; OpenCV's single-Mat I420 puts two chroma rows in
    /// one luma-stride row, which is the same layout only when stride == width. Otherwise repack at width.
    /// </summary>
    private static byte[] PackI420(scoped in ImageView image)
    {
        int w = image.Width, h = image.Height, stride = image.Stride, chromaStride = stride / 2;
        var packed = GC.AllocateUninitializedArray<byte>(w * h * 3 / 2);
        for (int y = 0; y < h; y++)
        {
            image.Data.Slice(y * stride, w).CopyTo(packed.AsSpan(y * w));
        }
        for (int plane = 0; plane < 2; plane++)
        {
            int from = (stride * h) + (plane * chromaStride * (h / 2)), to = (w * h) + (plane * (w / 2) * (h / 2));
            for (int y = 0; y < h / 2; y++)
            {
                image.Data.Slice(from + (y * chromaStride), w / 2).CopyTo(packed.AsSpan(to + (y * (w / 2))));
            }
        }
        return packed;
    }

    private static void EnsureAvailable()
    {
        if (s_unavailable.Value is string reason)
        {
            throw new PlatformNotSupportedException(reason);
        }
    }

    /// <summary>Loads the native library the way OpenCvSharp's P/Invokes will (the assembly's runtimes/ folder first).</summary>
    private static string? Probe()
    {
        try
        {
            NativeLibrary.Load(NativeLibraryName, typeof(Cv2).Assembly, null);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return UnavailableMessage(RuntimeInformation.RuntimeIdentifier, RuntimeInformation.ProcessArchitecture, e.Message);
        }
        catch (BadImageFormatException e)
        {
            return UnavailableMessage(RuntimeInformation.RuntimeIdentifier, RuntimeInformation.ProcessArchitecture, e.Message);
        }
    }

    internal static string UnavailableMessage(string runtimeIdentifier, Architecture architecture, string loaderError)
    {
        const string Need = "PNG/JPEG codecs need OpenCvSharp's native runtime (libOpenCvSharpExtern.so from OpenCvSharp4.official.runtime.linux-x64), which is served for linux-x64 only";
        if (architecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            return $"{Need}; this process runs on {runtimeIdentifier}";
        }
        // On linux-x64 the package is referenced, so the library or one of its dependencies failed to load. The
        // loader lists one dlerror per path it tried; the one for the library itself says which dependency.
        string[] lines = loaderError.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string reason = lines.FirstOrDefault(l => l.Contains("libOpenCvSharpExtern.so:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "no reason given";
        return $"{Need}; on this {runtimeIdentifier} machine it did not load: {reason}";
    }
}
