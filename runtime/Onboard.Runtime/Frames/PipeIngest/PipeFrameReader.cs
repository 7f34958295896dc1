using System.Buffers;
using System.IO.Pipelines;
using Onboard.Runtime.Pipeline;

namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>
/// Parses one byte stream of <see cref="PipeFrameFormat"/> frames into a <see cref="FrameBufferQueue"/>,
/// on the caller's (dedicated) thread with blocking reads. Headers and trailers go through a
/// <see cref="Pipe"/>; a payload's bulk is read straight into its pooled frame buffer
/// when nothing else is buffered, so a 4K frame is copied once (kernel → buffer), not twice.
/// <para>Garbage between frames, a header whose checksum fails, or a header the reader refuses is counted
/// once and skipped up to the next valid header. A frame cut short (no trailer where one belongs) is
/// counted <see cref="FrameRejectReason.Truncated"/>; the bytes it swallowed (the start of the next
/// frame) are lost with it, and reading resumes at the following header.</para>
/// </summary>
internal sealed class PipeFrameReader(FrameBufferQueue queue, FrameSourceStats stats, MonotonicClock clock, long maxFrameBytes)
{
    private const int ReadBytes = 16384;
    private const int DirectReadThreshold = 4096;

    private static readonly PipeOptions s_pipeOptions = new(
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: ReadBytes, useSynchronizationContext: false);

    // Parser state: one stream at a time, on the reader thread only.
    private bool _inPayload;
    private bool _inTrailer;
    private bool _resyncing;
    private FrameDescriptor _frame;
    private byte[]? _buffer;
    private int _payload;
    private int _filled;
    private ulong _lastSequence;
    private bool _haveSequence;

    /// <summary>Reads <paramref name="input"/> to its end (or until it throws); returns normally at end of stream.</summary>
    public void Run(Stream input)
    {
        _inPayload = _inTrailer = _resyncing = _haveSequence = false;
        var pipe = new Pipe(s_pipeOptions);
        try
        {
            while (true)
            {
                pipe.Reader.TryRead(out ReadResult result);
                ReadOnlySequence<byte> buffer = result.Buffer;
                Consume(ref buffer);
                bool empty = buffer.IsEmpty;
                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);

                int read;
                if (empty && _inPayload && _buffer is not null && _payload - _filled >= DirectReadThreshold)
                {
                    read = input.Read(_buffer.AsSpan(_filled, _payload - _filled));
                    _filled += read;
                    if (_filled == _payload)
                    {
                        (_inPayload, _inTrailer) = (false, true);
                    }
                }
                else
                {
                    read = input.Read(pipe.Writer.GetMemory(ReadBytes).Span);
                    pipe.Writer.Advance(read);
                    _ = pipe.Writer.FlushAsync(); // never pauses; the reader is inline: completes synchronously
                }
                if (read == 0)
                {
                    EndOfStream(empty);
                    return;
                }
            }
        }
        finally
        {
            if (_buffer is not null)
            {
                queue.Unrent(_buffer);
                _buffer = null;
            }
            pipe.Writer.Complete();
            pipe.Reader.Complete();
        }
    }

    private void Consume(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> scratch = stackalloc byte[PipeFrameFormat.HeaderBytes];
        while (true)
        {
            if (_inPayload)
            {
                int n = (int)Math.Min(_payload - _filled, buffer.Length);
                if (_buffer is not null)
                {
                    buffer.Slice(0, n).CopyTo(_buffer.AsSpan(_filled));
                }
                _filled += n;
                buffer = buffer.Slice(n);
                if (_filled < _payload)
                {
                    return;
                }
                (_inPayload, _inTrailer) = (false, true);
            }
            if (_inTrailer)
            {
                if (buffer.Length < PipeFrameFormat.TrailerBytes)
                {
                    return;
                }
                buffer.Slice(0, PipeFrameFormat.TrailerBytes).CopyTo(scratch);
                _inTrailer = false;
                if (PipeFrameFormat.IsTrailer(scratch, _frame.Sequence))
                {
                    buffer = buffer.Slice(PipeFrameFormat.TrailerBytes);
                    Complete();
                }
                else
                {
                    Abandon(FrameRejectReason.Truncated, $"frame {_frame.Sequence}: no trailer after its {_payload} payload bytes");
                }
                continue;
            }
            if (buffer.Length < PipeFrameFormat.HeaderBytes)
            {
                return;
            }
            buffer.Slice(0, PipeFrameFormat.HeaderBytes).CopyTo(scratch);
            FrameRejectReason? problem = PipeFrameFormat.ReadHeader(scratch, maxFrameBytes, out _frame, out long payload);
            if (problem is { } reason)
            {
                // Garbage is counted once per run; a header-shaped record (right magic) each time. Then look
                // for the next magic one byte further on.
                if (reason != FrameRejectReason.BadMagic || !_resyncing)
                {
                    _resyncing = true;
                    stats.Reject(reason, $"pipe header: {(reason == FrameRejectReason.BadMagic ? "lost framing" : $"frame {_frame.Sequence} format {(int)_frame.Format} {_frame.Width}x{_frame.Height} stride {_frame.Stride}, {payload} payload bytes")}");
                }
                MagicScanner.SkipToNext(ref buffer, PipeFrameFormat.HeaderMagicBytes);
                continue;
            }
            _resyncing = false;
            buffer = buffer.Slice(PipeFrameFormat.HeaderBytes);
            _payload = (int)payload;
            _filled = 0;
            _buffer = queue.Rent(_payload); // null: every buffer is leased; the payload is skipped (counted QueueFull)
            _inPayload = true;
        }
    }

    private void Complete()
    {
        if (_haveSequence && _frame.Sequence > _lastSequence + 1)
        {
            stats.Drop(FrameDropReason.Missed, (long)(_frame.Sequence - _lastSequence - 1));
        }
        _lastSequence = _frame.Sequence;
        _haveSequence = true;
        if (_buffer is null)
        {
            return;
        }
        FrameDescriptor frame = _frame with
        {
            CaptureMonoNs = _frame.CaptureMonoNs != 0 ? _frame.CaptureMonoNs : clock.NowNs,
            CaptureUtcNs = _frame.CaptureUtcNs != 0 ? _frame.CaptureUtcNs : clock.UtcNowNs,
        };
        stats.FrameArrived(frame.Sequence);
        queue.Publish(_buffer, frame, _payload);
        _buffer = null;
    }

    private void Abandon(FrameRejectReason reason, string detail)
    {
        stats.Reject(reason, detail);
        _resyncing = true;
        if (_buffer is not null)
        {
            queue.Unrent(_buffer);
            _buffer = null;
        }
    }

    private void EndOfStream(bool nothingBuffered)
    {
        if (_inPayload || _inTrailer)
        {
            _inPayload = _inTrailer = false;
            Abandon(FrameRejectReason.Truncated, $"frame {_frame.Sequence}: the stream ended {_payload - _filled} payload bytes short");
        }
        else if (!nothingBuffered && !_resyncing)
        {
            stats.Reject(FrameRejectReason.Truncated, "the stream ended inside a frame header");
        }
    }
}
