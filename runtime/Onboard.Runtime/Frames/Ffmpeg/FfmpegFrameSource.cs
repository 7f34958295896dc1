using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Onboard.Kernels.Imaging;
using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Frames.Ffmpeg;

/// <summary>
/// Decodes a video file or stream by running <c>ffmpeg</c> to rawvideo on its stdout; a dedicated thread
/// reads each frame straight into a pooled buffer (fixed-size frames need no framing, so no Pipe).
/// Timing: ffmpeg emits a constant-rate stream at the input's frame rate (<c>-fps_mode cfr</c>; exact for
/// constant-rate recordings, duplicates/drops to fit otherwise), so frame n belongs at n / fps; with
/// <see cref="FfmpegFrameSourceOptions.Rate"/> &gt; 0 each frame is released at that time (scaled by the
/// rate) on the injected clock, and its capture timestamps are when it was released.
/// </summary>
public sealed class FfmpegFrameSource : IFrameSource
{
    private readonly FfmpegFrameSourceOptions _options;
    private readonly MonotonicClock _clock;
    private readonly FrameSourceStats _stats;
    private readonly FrameBufferQueue _queue;
    private readonly Process _ffmpeg;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly int _frameBytes;
    private readonly int _stride;
    private volatile string? _lastError;
    private volatile bool _disposed;

    public FfmpegFrameSource(FfmpegFrameSourceOptions options, MonotonicClock clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Rate, nameof(options.Rate));
        _options = options;
        _clock = clock;
        Video = VideoStreamInfo.Probe(options.Input, options.FfprobePath);
        Width = options.Width > 0 ? options.Width : Video.Width;
        Height = options.Height > 0 ? options.Height : Video.Height;
        _stride = PixelFormatInfo.MinStride(options.Format, Width);
        if (FrameGeometry.Check(options.Format, Width, Height, _stride, int.MaxValue, out long bytes) is { } problem)
        {
            throw new ArgumentException($"{problem}: cannot decode '{options.Input}' to {Width}x{Height} {PixelFormatInfo.Name(options.Format)}");
        }
        _frameBytes = (int)bytes;
        _stats = new FrameSourceStats(clock, options.StallAfter);
        var backpressure = options.Backpressure ?? (options.Rate > 0 ? IngestBackpressure.DropOldest : IngestBackpressure.Block);
        _queue = new FrameBufferQueue(options.QueueCapacity, backpressure, _stats, clock);
        _ffmpeg = StartFfmpeg();
        _thread = new Thread(ReadFrames) { IsBackground = true, Name = $"onboard-ffmpeg-{options.Name}" };
        _thread.Start();
    }

    public string Name => _options.Name;
    public FrameSourceStats Stats => _stats;
    public VideoStreamInfo Video { get; }
    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format => _options.Format;
    public int Stride => _stride;
    public int FrameBytes => _frameBytes;

    /// <summary>True once ffmpeg reached the end of the input and every decoded frame was acquired.</summary>
    public bool Completed => _queue.Drained;

    /// <summary>ffmpeg's last error line, if it printed one.</summary>
    public string? LastError => _lastError;

    /// <summary>Where frame <paramref name="sequence"/> sits in the recording, ns from its start.</summary>
    public long MediaTimeNs(ulong sequence) => (long)(sequence * 1e9 * Video.RateDenominator / Video.RateNumerator);

    public bool TryAcquire(TimeSpan timeout, [NotNullWhen(true)] out FrameLease? lease) => _queue.TryAcquire(timeout, out lease);

    /// <summary>ffmpeg's rawvideo name for a pixel format.</summary>
    public static string FfmpegPixelFormat(PixelFormat format) => format switch
    {
        PixelFormat.Bgr24 => "bgr24",
        PixelFormat.Rgb24 => "rgb24",
        PixelFormat.Bgra32 => "bgra",
        PixelFormat.Rgba32 => "rgba",
        PixelFormat.Gray8 => "gray",
        PixelFormat.Nv12 => "nv12",
        PixelFormat.Nv21 => "nv21",
        PixelFormat.I420 => "yuv420p",
        PixelFormat.Yuyv => "yuyv422",
        PixelFormat.Uyvy => "uyvy422",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown pixel format"),
    };

    private Process StartFfmpeg()
    {
        var start = new ProcessStartInfo(_options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var inv = CultureInfo.InvariantCulture;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (_options.Loop)
        {
            args.AddRange(["-stream_loop", "-1"]);
        }
        args.AddRange(["-i", _options.Input, "-map", "0:v:0", "-an", "-sn"]);
        if (Width != Video.Width || Height != Video.Height)
        {
            args.AddRange(["-vf", string.Create(inv, $"scale={Width}:{Height}")]);
        }
        args.AddRange(["-fps_mode", "cfr", "-r", string.Create(inv, $"{Video.RateNumerator}/{Video.RateDenominator}"),
            "-f", "rawvideo", "-pix_fmt", FfmpegPixelFormat(_options.Format), "pipe:1"]);
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

    private void ReadFrames()
    {
        Stream stdout = _ffmpeg.StandardOutput.BaseStream;
        using var pacer = new FramePacer(_clock);
        byte[]? discard = null;
        double periodNs = 1e9 * Video.RateDenominator / Video.RateNumerator / Math.Max(_options.Rate, double.Epsilon);
        long startNs = _clock.NowNs;
        _stats.Attached();
        try
        {
            for (ulong n = 0; !_disposed; n++)
            {
                byte[]? buffer = _queue.Rent(_frameBytes);
                // Every buffer leased in drop mode: the frame still has to be read off the pipe.
                byte[] target = buffer ?? (discard ??= new byte[_frameBytes]);
                if (!ReadFrame(stdout, target.AsSpan(0, _frameBytes)))
                {
                    if (buffer is not null)
                    {
                        _queue.Unrent(buffer);
                    }
                    return;
                }
                if (_options.Rate > 0 && !pacer.WaitUntil(startNs + (long)(n * periodNs), _stop.Token))
                {
                    return;
                }
                if (buffer is null)
                {
                    continue;
                }
                var frame = new FrameDescriptor(0, n, 0, _options.Format, Width, Height, _stride, _clock.NowNs, _clock.UtcNowNs);
                _stats.FrameArrived(n);
                _queue.Publish(buffer, frame, _frameBytes);
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
        try
        {
            if (!_ffmpeg.HasExited)
            {
                _ffmpeg.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _thread.Join(TimeSpan.FromSeconds(5));
        _ffmpeg.WaitForExit(5000);
        _ffmpeg.Dispose();
        _stop.Dispose();
    }
}
