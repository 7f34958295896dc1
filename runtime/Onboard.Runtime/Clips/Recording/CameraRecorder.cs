using System.Collections.Concurrent;
using Onboard.Kernels.Imaging;
using Onboard.Kernels.Tracking;
using Onboard.Runtime.Imaging;
using Onboard.Runtime.Messaging.Contracts;
using Onboard.Runtime.Pipeline;
using Onboard.Runtime.Primitives;
using Onboard.Runtime.Triggers;
using Onboard.Runtime.Upload.Spool;
using Detection = Onboard.Kernels.Postprocess.Detection;

namespace Onboard.Runtime.Clips.Recording;

/// <summary>
/// One camera's clip recorder, on its own thread (<c>&lt;camera&gt;/record</c>, nice 10: it yields to every pipeline
/// thread). The ingest thread copies each frame's pixels into a free slot (<see cref="OnPixels"/>; none free = the
/// recorder is behind: dropped, counted); the publish thread hands over each frame's detections and tracks, each
/// shadow result, and the clip windows the triggers open and close. Here, frames are encoded as JPEG (downscaled
/// first with <c>clips.width</c>) into the time-ordered <see cref="PreBuffer"/> with their results; a closed window
/// is written as one MCAP clip into the <see cref="IClipStore"/>. A clip that cannot be written (disk full, …) is
/// counted and logged; the recorder and the pipeline go on.
/// </summary>
internal sealed class CameraRecorder : IFrameTap, IDisposable
{
    /// <summary>Results waiting for their frame's JPEG: they must outlast a slow encode (nice 10 on busy cores).</summary>
    private const int ResultQueue = 32;
    private const int Enospc = 28;   // Linux's errno for a full disk

    private readonly RecorderOptions _options;
    private readonly CameraTriggers _triggers;
    private readonly IClipStore _store;
    private readonly ClipSource _source;
    private readonly Action<string> _log;
    private readonly ManualResetEventSlim _signal = new(false);
    private readonly SlotExchange<PixelSlot> _pixels;
    private readonly SlotExchange<ResultSlot> _results;
    private readonly SlotExchange<ResultSlot> _shadow;
    private readonly ConcurrentQueue<(ClipWindow Window, bool Closed)> _windows = new();
    private readonly PreBuffer _buffer;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private int _reservedBytes;   // ingest thread
    private bool _encodeErrorLogged;

    public CameraRecorder(RecorderOptions options, CameraTriggers triggers, IClipStore store, ClipSource source, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _triggers = triggers;
        _store = store;
        _source = source;
        _log = log;
        int tracks = Math.Max(1, options.MaxTracks);
        _pixels = new SlotExchange<PixelSlot>(options.PixelQueue, static () => new PixelSlot(), _signal);
        _results = new SlotExchange<ResultSlot>(ResultQueue, () => new ResultSlot(options.Primary.MaxDetections, tracks), _signal);
        _shadow = new SlotExchange<ResultSlot>(ResultQueue, () => new ResultSlot(options.Shadow?.MaxDetections ?? 1, 1), _signal);
        _buffer = new PreBuffer(options.PreBufferBytes);
        _thread = new Thread(Loop) { Name = options.CameraId + "/record", IsBackground = true, Priority = ThreadPriority.BelowNormal };
    }

    public string CameraId => _options.CameraId;

    public RecorderCounters Counters { get; } = new();

    /// <summary>Frames the recorder could not keep up with (pixels or results dropped before encoding).</summary>
    public long FramesDropped => _pixels.Dropped + _results.Dropped;

    public void Start() => _thread.Start();

    /// <summary>Ingest thread: copies the pixels for encoding (allocation-free once the slots have grown to the frame size).</summary>
    public void OnPixels(scoped in ImageView view, ulong sequence, long captureMonoNs, long captureUtcNs)
    {
        if (view.Data.Length > _reservedBytes)
        {
            // The first frame (or a larger one): every free slot grows now, so no later frame allocates on this thread.
            int bytes = _reservedBytes = view.Data.Length;
            _pixels.PrepareFree(slot => slot.Reserve(bytes));
        }
        if (_stopping || _pixels.Rent() is not { } free)
        {
            return;
        }
        free.Fill(view, sequence, captureMonoNs, captureUtcNs);
        _pixels.Push(free);
    }

    /// <summary>Publish thread: a published frame's detections and tracks (copied).</summary>
    public void OnResult(ulong sequence, ReadOnlySpan<Detection> detections, ReadOnlySpan<TrackSnapshot> tracks, bool tracked)
    {
        if (_stopping || _results.Rent() is not { } slot)
        {
            return;
        }
        slot.Fill(sequence, detections, tracks, tracked);
        _results.Push(slot);
    }

    /// <summary>Publish thread: a shadow result (copied).</summary>
    public void OnShadow(ulong sequence, ReadOnlySpan<Detection> detections)
    {
        if (_stopping || _shadow.Rent() is not { } slot)
        {
            return;
        }
        slot.Fill(sequence, detections, [], false);
        _shadow.Push(slot);
    }

    /// <summary>Publish thread: a window opened or widened (its frames are held from its start on).</summary>
    public void OnWindowOpen(ClipWindow window) => Enqueue(window, closed: false);

    /// <summary>Publish thread: a window closed; from here on it belongs to the recorder, which writes its clip.</summary>
    public void OnWindowClosed(ClipWindow window) => Enqueue(window, closed: true);

    /// <summary>Stops taking frames, writes the clips already closed, and waits for the thread (false: it did not finish in time).</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stopping = true;
        _signal.Set();
        return !_thread.IsAlive || _thread.Join(timeout);
    }

    public void Dispose()
    {
        if (Stop(TimeSpan.FromSeconds(10)))
        {
            _signal.Dispose();
        }
    }

    private void Enqueue(ClipWindow window, bool closed)
    {
        _windows.Enqueue((window, closed));
        _signal.Set();
    }

    private void Loop()
    {
        ThreadNice.Lower(10);
        Warm();
        while (true)
        {
            _signal.Reset();
            bool stopping = _stopping;
            while (_pixels.TryTake(out PixelSlot pixels))
            {
                Encode(pixels);
                _pixels.Return(pixels);
            }
            while (_results.TryTake(out ResultSlot result))
            {
                Attach(result, shadow: false);
                _results.Return(result);
            }
            while (_shadow.TryTake(out ResultSlot result))
            {
                Attach(result, shadow: true);
                _shadow.Return(result);
            }
            while (_windows.TryDequeue(out var w))
            {
                if (w.Closed)
                {
                    WriteClip(w.Window);
                }
                else
                {
                    _buffer.Pin(w.Window.StartMonoNs);
                }
            }
            Counters.Buffer(_buffer);
            if (stopping)
            {
                return;
            }
            _signal.Wait(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>
    /// Loads OpenCV and compiles the encode path before the first frame: its first call takes a few hundred ms,
    /// during which the camera's frames would back up and be dropped.
    /// </summary>
    private void Warm()
    {
        if (ImageCodec.IsAvailable)
        {
            var gray = new byte[16 * 16];
            _ = ImageCodec.EncodeJpeg(new ImageView(gray, 16, 16, PixelFormat.Gray8), _options.JpegQuality, 8, 8);
        }
    }

    private void Encode(PixelSlot pixels)
    {
        byte[] jpeg;
        int width, height;
        try
        {
            ImageView view = pixels.View;
            (width, height) = FrameCost.Recorded(view.Width, view.Height, _options.Width);
            jpeg = ImageCodec.EncodeJpeg(view, _options.JpegQuality, width, height);
        }
        catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException or ArgumentException)
        {
            Counters.EncodeFailed();
            if (!_encodeErrorLogged)
            {
                _encodeErrorLogged = true;
                _log($"clips: camera {CameraId}: frames cannot be encoded as JPEG, so no clip will hold images: {e.Message}");
            }
            return;
        }
        Counters.Encoded();
        _buffer.Add(new BufferedFrame
        {
            Sequence = pixels.Sequence,
            CaptureMonoNs = pixels.CaptureMonoNs,
            CaptureUtcNs = pixels.CaptureUtcNs,
            Jpeg = jpeg,
            SourceWidth = pixels.Width,
            SourceHeight = pixels.Height,
            Width = width,
            Height = height,
        });
    }

    private void Attach(ResultSlot result, bool shadow)
    {
        if (_buffer.Find(result.Sequence) is not { } frame)
        {
            return; // its pixels were dropped or already evicted
        }
        EngineInfo info = shadow ? _options.Shadow! : _options.Primary;
        var list = new DetectionList
        {
            Header = Header(frame, info),
            ImageWidth = (uint)frame.SourceWidth,
            ImageHeight = (uint)frame.SourceHeight,
        };
        for (int i = 0; i < result.DetectionCount; i++)
        {
            Detection d = result.Detections[i];
            list.Detections.Add(new Messaging.Contracts.Detection
            {
                X1 = d.Box.X1, Y1 = d.Box.Y1, X2 = d.Box.X2, Y2 = d.Box.Y2, Score = d.Score, ClassId = d.ClassId,
                ClassName = (uint)d.ClassId < (uint)info.ClassNames.Count ? info.ClassNames[d.ClassId] : "",
            });
        }
        if (shadow)
        {
            frame.Shadow = list;
            return;
        }
        frame.Detections = list;
        if (result.HasTracks)
        {
            frame.Tracks = Tracks(frame, result, info);
        }
    }

    private TrackList Tracks(BufferedFrame frame, ResultSlot result, EngineInfo info)
    {
        var tracks = new TrackList { Header = Header(frame, info), ImageWidth = (uint)frame.SourceWidth, ImageHeight = (uint)frame.SourceHeight };
        for (int i = 0; i < result.TrackCount; i++)
        {
            TrackSnapshot t = result.Tracks[i];
            if (t.State == Kernels.Tracking.TrackState.Tentative)
            {
                continue; // as on tracks/<camera>: confirmed and lost tracks only
            }
            tracks.Tracks.Add(new Track
            {
                Id = t.Id, ClassId = t.ClassId, Score = t.Score, X1 = t.Box.X1, Y1 = t.Box.Y1, X2 = t.Box.X2, Y2 = t.Box.Y2,
                ClassName = (uint)t.ClassId < (uint)info.ClassNames.Count ? info.ClassNames[t.ClassId] : "",
                State = (Messaging.Contracts.TrackState)(int)t.State, AgeS = (float)t.AgeSeconds, Hits = (uint)t.Hits,
                TimeSinceUpdateS = (float)t.TimeSinceUpdateSeconds, Vx = t.VelocityX, Vy = t.VelocityY, ClassFlips = (uint)t.ClassFlips,
            });
        }
        return tracks;
    }

    private FrameHeader Header(BufferedFrame frame, EngineInfo info) => new()
    {
        CameraId = CameraId,
        Sequence = frame.Sequence,
        CaptureMonoNs = frame.CaptureMonoNs,
        CaptureUtcNs = frame.CaptureUtcNs,
        ModelId = info.ModelId,
        ModelVersion = info.ModelVersion,
    };

    private void WriteClip(ClipWindow window)
    {
        List<BufferedFrame> frames = _buffer.Range(window.StartMonoNs, window.EndMonoNs);
        var info = new ClipInfo(window.ClipId, CameraId, window.TriggerIds, window.Priority,
            DateTimeOffset.UnixEpoch.AddTicks((frames.Count > 0 ? frames[0].CaptureUtcNs : 0) / 100));
        try
        {
            ClipStored stored = _store.Store(info, output =>
                ClipComposer.Write(output, window, frames, _source, _options.Primary.ModelId, _options.Primary.ModelVersion));
            if (stored.Admitted)
            {
                Counters.Written(stored.Evicted.Count);
                foreach (string id in window.TriggerIds)
                {
                    _triggers.Counters(id)?.OnClipWritten();
                }
                _log($"clips: wrote {window.ClipId} camera={CameraId} frames={frames.Count} bytes={stored.Bytes} priority={window.Priority} triggers={string.Join(",", window.TriggerIds)}"
                    + (stored.Evicted.Count > 0 ? $" evicted={string.Join(",", stored.Evicted)} (clips.quotaMb)" : ""));
            }
            else
            {
                Counters.Refused();
                _log($"clips: refused {window.ClipId} camera={CameraId}: {stored.RefusedReason}");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Counters.WriteFailed();
            _log($"clips: could not write {window.ClipId} camera={CameraId} into {_store.Directory}: {Why(e)}");
        }
        finally
        {
            _buffer.Unpin();
        }
    }

    /// <summary>
    /// The failure in words, a full disk by its errno name (on Unix .NET's IOException carries the errno as its
    /// HResult, and its message alone does not tell a full disk from other I/O errors at a glance).
    /// </summary>
    private static string Why(Exception e) =>
        e.HResult == Enospc ? $"ENOSPC, no space left on the spool's disk: {e.Message}" : e.Message;
}
