using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>
/// Decodes a video file or stream by running <c>ffmpeg</c> to rawvideo on its stdout; a dedicated thread
/// reads each frame straight into a pooled buffer (fixed-size frames need no framing, so no Pipe).
/// <para>Timing (<see cref="Timeline"/>): for a file whose packets carry timestamps, ffmpeg passes every
/// decoded frame through once (<c>-fps_mode passthrough</c>: no duplicates, no drops) and frame k belongs
/// at its own presentation timestamp, so a variable-rate recording keeps its gaps. Other inputs (live
/// streams, pipes, raw elementary streams) are resampled by ffmpeg to a constant rate (<c>-fps_mode cfr</c>)
/// and frame k belongs at k / fps. With <see cref="FfmpegFrameSourceOptions.Rate"/> &gt; 0 each frame is
/// released at that time (scaled by the rate, counted from the first frame) on the injected clock, and its
/// capture timestamps are that release time; with Rate = 0 they are when the frame was read.</para>
/// <para>Looping runs ffmpeg again at each end of the file, so every pass starts at the timeline's frame 0;
/// a pass starts one frame interval after the previous pass's last frame.</para>
/// </summary>
public sealed class FfmpegFrameSource : IFrameSource
{
    // Media times of the most recent sequences, for MediaTimeNs: far more than the frames a queue of
    // buffers can have out at once, in a fixed array so recording them allocates nothing.
    private const int MediaTimesKept = 256;

    private readonly FfmpegFrameSourceOptions _options;
    private readonly MonotonicClock _clock;
    private readonly FrameSourceStats _stats;
    private readonly FrameBufferQueue _queue;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _frameBytes;
    private readonly int _stride;
    private readonly object _processGate = new();
    private readonly (ulong Sequence, long MediaNs)[] _mediaTimes = new (ulong, long)[MediaTimesKept];
    private Process? _ffmpeg; // the current pass's; swapped and killed under _processGate
    private volatile string? _lastError;
    private volatile bool _disposed;
    private long _extrapolated;
    private long _missing;

    // Reader thread only.
    private byte[]? _discard;
    private ulong _sequence;
    private long _passStartNs;
    private long _startMonoNs = -1;
    private long _startUtcNs;

    public FfmpegFrameSource(FfmpegFrameSourceOptions options, MonotonicClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Rate, nameof(options.Rate));
        _options = options;
        _clock = clock;
        Video = VideoStreamInfo.Probe(options.Input, options.FfprobePath);
        Timeline = FrameTimeline.Probe(options.Input, Video, options.FfprobePath);
        Width = options.Width > 0 ? options.Width : Video.Width;
        Height = options.Height > 0 ? options.Height : Video.Height;
        _stride = PixelFormatInfo.MinStride(options.Format, Width);
        if (FrameGeometry.Check(options.Format, Width, Height, _stride, int.MaxValue, out long bytes) is { } problem)
        {
            throw new ArgumentException($"{problem}: cannot decode '{options.Input}' to {Width}x{Height} {PixelFormatInfo.Name(options.Format)}");
        }
        _frameBytes = (int)bytes;
        _stats = new FrameSourceStats(clock);
        var backpressure = options.Backpressure ?? (options.Rate > 0 ? IngestBackpressure.DropOldest : IngestBackpressure.Block);
        _queue = new FrameBufferQueue(options.QueueCapacity, backpressure, _stats, clock);
        _ffmpeg = StartFfmpeg();
        _thread = new Thread(ReadFrames) { IsBackground = true, Name = $"onboard-ffmpeg-{options.Name}" };
        _thread.Start();
    }

    public string Name => _options.Name;
    public FrameSourceStats Stats => _stats;
    public VideoStreamInfo Video { get; }

    /// <summary>When each decoded frame belongs, and whether by its PTS or at a constant rate.</summary>
    public FrameTimeline Timeline { get; }
    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format => _options.Format;
    public int Stride => _stride;
    public int FrameBytes => _frameBytes;

    /// <summary>True once ffmpeg reached the end of the input and every decoded frame was acquired.</summary>
    public bool Completed => _queue.Drained;

    /// <summary>ffmpeg's last error line, if it printed one.</summary>
    public string? LastError => _lastError;

    /// <summary>Frames decoded beyond the probed count of a pass, timed at the average interval (PTS timing only).</summary>
    public long ExtrapolatedFrames => Interlocked.Read(ref _extrapolated);

    /// <summary>Probed frames that a pass never decoded (PTS timing only); later frames of that pass took earlier slots.</summary>
    public long MissingFrames => Interlocked.Read(ref _missing);

    /// <summary>
    /// Where frame <paramref name="sequence"/> sits in the recording, ns from the first frame of the first
    /// pass (later passes continue after it). Known for the last <see cref="MediaTimesKept"/> sequences.
    /// </summary>
    public long MediaTimeNs(ulong sequence)
    {
        lock (_mediaTimes)
        {
            var (known, ns) = _mediaTimes[(int)(sequence % MediaTimesKept)];
            return known == sequence
                ? ns
                : throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "not a recent frame of this source");
        }
    }

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease) => _queue.TryAcquire(timeout, out lease);

    /// <summary>ffmpeg's rawvideo name for a pixel format.</summary>
    public static string FfmpegPixelFormat(PixelFormat format) => PixelFormatInfo.Of(format).FfmpegName;

    private Process StartFfmpeg()
    {
        var start = new ProcessStartInfo(_options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin", "-i", _options.Input, "-map", "0:v:0", "-an", "-sn" };
        if (Width != Video.Width || Height != Video.Height)
        {
            args.AddRange(["-vf", string.Create(inv, $"scale={Width}:{Height}")]);
        }
        if (Timeline.Timing == FrameTiming.Pts)
        {
            // The input's own time base for the (ignored) output timestamps: the default 1/fps would collide
            // for frames closer than a nominal frame and make the rawvideo muxer complain.
            args.AddRange(["-fps_mode", "passthrough", "-enc_time_base", "-1"]);
        }
        else
        {
            args.AddRange(["-fps_mode", "cfr", "-r", string.Create(inv, $"{Video.RateNumerator}/{Video.RateDenominator}")]);
        }
        args.AddRange(["-f", "rawvideo", "-pix_fmt", FfmpegPixelFormat(_options.Format), "pipe:1"]);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                _lastError = e.Data;
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The next pass's ffmpeg, replacing the finished one; null once disposed (Dispose kills whatever is current).</summary>
    private Process? NextPass(Process finished)
    {
        finished.WaitForExit();
        lock (_processGate)
        {
            if (_disposed)
            {
                return null;
            }
            finished.Dispose();
            _ffmpeg = StartFfmpeg();
            return _ffmpeg;
        }
    }

    private void ReadFrames()
    {
        using var pacer = new FramePacer(_clock);
        _stats.Attached();
        try
        {
            for (Process? ffmpeg = _ffmpeg; ffmpeg is not null; ffmpeg = NextPass(ffmpeg))
            {
                long frames = ReadPass(ffmpeg.StandardOutput.BaseStream, pacer);
                if (frames < 0)
                {
                    return;
                }
                if (frames < Timeline.ProbedFrames)
                {
                    Interlocked.Add(ref _missing, Timeline.ProbedFrames - frames);
                }
                if (!_options.Loop || frames == 0)
                {
                    return;
                }
                _passStartNs += Timeline.OffsetNs(frames - 1) + Timeline.IntervalNs;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // ffmpeg was killed by Dispose.
        }
        finally
        {
            _stats.Detached();
            _queue.End();
        }
    }

    /// <summary>Reads one pass of ffmpeg's frames; how many it decoded, or -1 when stopped.</summary>
    private long ReadPass(Stream stdout, FramePacer pacer)
    {
        for (long k = 0; !_disposed; k++)
        {
            byte[]? buffer = _queue.Rent(_frameBytes);
            // Every buffer leased in drop mode: the frame still has to be read off the pipe.
            byte[] target = buffer ?? (_discard ??= new byte[_frameBytes]);
            if (!ReadFrame(stdout, target.AsSpan(0, _frameBytes)))
            {
                if (buffer is not null)
                {
                    _queue.Unrent(buffer);
                }
                return k;
            }
            if (Timeline.Timing == FrameTiming.Pts && k >= Timeline.ProbedFrames)
            {
                Interlocked.Increment(ref _extrapolated);
            }
            long mediaNs = _passStartNs + Timeline.OffsetNs(k);
            ulong n = _sequence++;
            lock (_mediaTimes)
            {
                _mediaTimes[(int)(n % MediaTimesKept)] = (n, mediaNs);
            }
            if (_startMonoNs < 0)
            {
                // Counted from the first frame, so ffmpeg's start-up is not a backlog to catch up on.
                (_startMonoNs, _startUtcNs) = (_clock.NowNs, _clock.UtcNowNs);
            }
            long monoNs, utcNs;
            if (_options.Rate > 0)
            {
                long sinceStartNs = (long)(mediaNs / _options.Rate);
                if (!pacer.WaitUntil(_startMonoNs + sinceStartNs, _stop.Token))
                {
                    return -1;
                }
                (monoNs, utcNs) = (_startMonoNs + sinceStartNs, _startUtcNs + sinceStartNs);
            }
            else
            {
                (monoNs, utcNs) = (_clock.NowNs, _clock.UtcNowNs);
            }
            if (buffer is null)
            {
                continue;
            }
            var frame = new FrameDescriptor(0, n, 0, _options.Format, Width, Height, _stride, monoNs, utcNs);
            _stats.FrameArrived(n);
            _queue.Publish(buffer, frame, _frameBytes);
        }
        return -1;
    }

    /// <summary>Reads one whole frame; false at end of stream (a partial last frame counts as Truncated).</summary>
    private bool ReadFrame(Stream stdout, Span<byte> frame)
    {
        int filled = 0;
        while (filled < frame.Length)
        {
            int read = stdout.Read(frame[filled..]);
            if (read == 0)
            {
                if (filled > 0)
                {
                    _stats.Reject(FrameRejectReason.Truncated, $"ffmpeg ended {frame.Length - filled} bytes into a frame");
                }
                return false;
            }
            filled += read;
        }
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stop.Cancel();
        _queue.Close();
        lock (_processGate)
        {
            try
            {
                if (_ffmpeg is { HasExited: false })
                {
                    _ffmpeg.Kill(entireProcessTree: true);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
        _thread.Join(TimeSpan.FromSeconds(5));
        _ffmpeg?.WaitForExit(5000);
        _ffmpeg?.Dispose();
        _stop.Dispose();
    }
}
