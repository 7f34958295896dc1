using System.Globalization;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>
/// What ffprobe says about a video's first stream: its size, frame rate and the time base its timestamps
/// count in (both as fractions; the time base is null when the input does not say, e.g. raw streams).
/// </summary>
public sealed record VideoStreamInfo(int Width, int Height, int RateNumerator, int RateDenominator, (int Numerator, int Denominator)? TimeBase = null)
{
    public double FramesPerSecond => (double)RateNumerator / RateDenominator;

    /// <summary>Runs ffprobe on <paramref name="input"/>. Throws <see cref="InvalidOperationException"/> with
    /// ffprobe's own message when it cannot read the input.</summary>
    public static VideoStreamInfo Probe(string input, string ffprobe = "ffprobe")
    {
        (int exitCode, string output, string errors) =
            Ffprobe.Run(ffprobe, "stream=width,height,r_frame_rate,avg_frame_rate,time_base", "default=noprint_wrappers=1", input);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                fields[line[..eq]] = line[(eq + 1)..];
            }
        }
        if (exitCode != 0 || !fields.TryGetValue("width", out string? w) || !fields.TryGetValue("height", out string? h))
        {
            throw new InvalidOperationException($"ffprobe could not read a video stream from '{input}': {errors.Trim()}");
        }
        (int num, int den) = ParseRate(fields.GetValueOrDefault("r_frame_rate")) ?? ParseRate(fields.GetValueOrDefault("avg_frame_rate")) ?? (30, 1);
        return new VideoStreamInfo(int.Parse(w, CultureInfo.InvariantCulture), int.Parse(h, CultureInfo.InvariantCulture), num, den,
            ParseRate(fields.GetValueOrDefault("time_base")));
    }

    /// <summary>A positive fraction "num/den" (ffprobe's form for rates and time bases), or null.</summary>
    private static (int, int)? ParseRate(string? rate)
    {
        string[] parts = (rate ?? "").Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int num) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int den)
            && num > 0 && den > 0 ? (num, den) : null;
    }
}
