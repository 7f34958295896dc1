using System.Globalization;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>
/// When the k-th decoded frame of one pass over the input belongs, in ns after the pass's first frame.
/// <see cref="FrameTiming.Pts"/>: the file's presentation timestamps, read from its packets by ffprobe
/// without decoding. Packets come in decode order (B-frames after the frames they reference), so they are
/// sorted: with ffmpeg passing frames through unchanged, the k-th frame out is the k-th smallest PTS.
/// Frames beyond the probed ones (a decoder that disagrees with the demuxer) are placed at the stream's
/// average interval after the last. <see cref="FrameTiming.Cfr"/>: frame k at k / fps.
/// </summary>
public sealed class FrameTimeline
{
    private readonly long[] _ptsNs;
    private readonly double _intervalNs;

    private FrameTimeline(FrameTiming timing, long[] ptsNs, double intervalNs)
    {
        Timing = timing;
        _ptsNs = ptsNs;
        _intervalNs = intervalNs;
    }

    public FrameTiming Timing { get; }

    /// <summary>Frames ffprobe found in one pass (0 for <see cref="FrameTiming.Cfr"/>).</summary>
    public int ProbedFrames => _ptsNs.Length;

    /// <summary>One frame's duration: the average over the probed frames, else 1 / fps.</summary>
    public long IntervalNs => (long)Math.Round(_intervalNs);

    /// <summary>Where frame <paramref name="index"/> of a pass sits, ns after the pass's first frame.</summary>
    public long OffsetNs(long index) => _ptsNs.Length == 0
        ? (long)(index * _intervalNs)
        : index < _ptsNs.Length ? _ptsNs[index] : _ptsNs[^1] + (long)((index - _ptsNs.Length + 1) * _intervalNs);

    /// <summary>Frame k at k / fps.</summary>
    public static FrameTimeline Constant(VideoStreamInfo video) => new(FrameTiming.Cfr, [], 1e9 * video.RateDenominator / video.RateNumerator);

    /// <summary>
    /// The presentation timestamps of a file on disk; <see cref="Constant"/> for anything else (a URL or
    /// pipe would be consumed or would never end), when the stream has no time base, or when any packet
    /// lacks a PTS (raw elementary streams), since then the presentation order is unknown.
    /// </summary>
    public static FrameTimeline Probe(string input, VideoStreamInfo video, string ffprobe = "ffprobe")
    {
        if (!File.Exists(input) || video.TimeBase is not (int tbNum, int tbDen))
        {
            return Constant(video);
        }
        // ffprobe's complaints (stderr) mean falling back to constant rate, not failure.
        (int exitCode, string output, _) = Ffprobe.Run(ffprobe, "packet=pts,flags", "csv=p=0", input);
        var pts = new List<long>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(',');
            if (fields.Length < 2)
            {
                continue;
            }
            if (!long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            {
                return Constant(video); // "N/A": no PTS
            }
            // 'D': the demuxer marks the packet discarded (e.g. cut by an mp4 edit list); it decodes to no frame.
            if (!fields[1].Contains('D', StringComparison.Ordinal))
            {
                pts.Add(value);
            }
        }
        if (exitCode != 0 || pts.Count == 0)
        {
            return Constant(video);
        }
        pts.Sort();
        long first = pts[0];
        long[] ns = [.. pts.Select(p => TicksToNs(p - first, tbNum, tbDen))];
        double interval = ns.Length > 1 ? (double)ns[^1] / (ns.Length - 1) : 1e9 * video.RateDenominator / video.RateNumerator;
        return new FrameTimeline(FrameTiming.Pts, ns, interval);
    }

    /// <summary>Ticks of a num/den time base in ns, rounded to nearest; 128-bit so long recordings cannot overflow.</summary>
    private static long TicksToNs(long ticks, int num, int den) => (long)(((Int128)ticks * 1_000_000_000 * num + den / 2) / den);
}
