using System.Diagnostics;
using System.Globalization;

namespace Onboard.Commands;

/// <summary>Image decoding for <c>detect</c>: ffmpeg (Debian) turns PNG/JPEG into BGR24 bytes; ffprobe gives the size.</summary>
internal static partial class DetectCommand
{
    internal static (byte[] Pixels, int Width, int Height) DecodeImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"image '{path}' not found", path);
        }
        string size = Encoding(Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0:s=x", path]), path).Trim();
        string[] parts = size.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int h))
        {
            throw new InvalidDataException($"ffprobe could not read the size of '{path}' (got '{size}'); is it an image?");
        }
        byte[] pixels = Run("ffmpeg", ["-v", "error", "-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"]);
        if (pixels.Length != w * h * 3)
        {
            throw new InvalidDataException($"ffmpeg decoded {pixels.Length} bytes from '{path}', expected {w}x{h}x3");
        }
        return (pixels, w, h);
    }

    private static string Encoding(byte[] bytes, string path) =>
        bytes.Length > 0 ? System.Text.Encoding.ASCII.GetString(bytes) : throw new InvalidDataException($"ffprobe found no image in '{path}'");

    private static byte[] Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"{tool} failed ({process.ExitCode}): {stderr.Result.Trim()}");
        }
        return output.ToArray();
    }
}
