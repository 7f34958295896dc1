using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Onboard.Runtime.Primitives;

namespace Onboard.Runtime.Frames.PipeIngest;

/// <summary>
/// Parses one byte stream of <see cref="PipeFrameFormat"/> frames into a <see cref="FrameBufferQueue"/>,
/// on the caller's (dedicated) thread with blocking reads. Headers and trailers go through a
/// <see cref="Pipe"/>; a payload's bulk is read straight into its pooled frame buffer
/// when nothing else is buffered, so a 4K frame is copied once (kernel → buffer), not twice.
/// <para>Garbage between frames, a header whose checksum fails, or a header the reader refuses is counted
/// once and skipped up to the next valid header. A frame cut short (no trailer where one belongs, or the
/// stream ends inside it) is counted <see cref="FrameRejectReason.Truncated"/>; the bytes it took as its
/// payload may hold the next frames' headers, so they are put back in front of the unparsed input and parsed
/// again (<see cref="Replay"/>): the frames that followed the cut are delivered, not lost with it.</para>
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
    private bool _replayPending; // a cut frame's payload bytes (in _buffer) must be parsed again…
    private int _replayFrom;     // …from this one on: its first header magic
    private FrameDescriptor _frame;
    private byte[]? _buffer; // the current frame's payload: rented from the queue, or _spare
    private byte[]? _spare;  // keeps a dropped frame's bytes (no pooled buffer free) in case it was cut: see Spare
    private int _payload;
    private int _filled;
    private SequenceTracker _sequence;

    /// <summary>Reads <paramref name="input"/> to its end (or until it throws); returns normally at end of stream.</summary>
    public void Run(Stream input)
    {
        _inPayload = _inTrailer = _resyncing = _replayPending = false;
        _sequence.Reset();
        var pipe = new Pipe(s_pipeOptions);
        bool ended = false;
        try
        {
            while (true)
            {
                pipe.Reader.TryRead(out ReadResult result);
                ReadOnlySequence<byte> buffer = result.Buffer;
                Consume(ref buffer);
                if (_replayPending || (ended && EndOfStream(buffer.IsEmpty)))
                {
                    Replay(pipe, buffer);
                    continue;
                }
                bool empty = buffer.IsEmpty;
                // Examined = consumed: TryRead then hands back what is left even when nothing new arrived,
                // which the passes after the end of the input need.
                pipe.Reader.AdvanceTo(buffer.Start);
                if (ended)
                {
                    return;
                }

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
                // Once more round the loop: what is buffered may still end a frame or hide one (a replay).
                ended = read == 0;
            }
        }
        finally
        {
            ReleaseBuffer();
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
                if (!PipeFrameFormat.IsTrailer(scratch, _frame.Sequence))
                {
                    // Stop here: what the frame took as payload goes back in front of `buffer` first.
                    Abandon($"frame {_frame.Sequence}: cut short, no trailer after its {_payload} payload bytes");
                    return;
                }
                buffer = buffer.Slice(PipeFrameFormat.TrailerBytes);
                Complete();
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
            _buffer = queue.Rent(_payload) ?? Spare(_payload);
            _inPayload = true;
        }
    }

    private void Complete()
    {
        SequenceSeen();
        if (_buffer is null || _buffer == _spare)
        {
            _buffer = null; // dropped: the queue counted it QueueFull when it had no buffer for it
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

    /// <summary>Counts the frames the writer skipped before the current one (a gap in its sequence).</summary>
    private void SequenceSeen()
    {
        long skipped = _sequence.Advance(_frame.SessionId, _frame.Sequence);
        if (skipped > 0)
        {
            stats.Drop(FrameDropReason.Missed, skipped);
        }
    }

    /// <summary>The current frame was cut short: counts it and asks <see cref="Run"/> to replay its payload bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Abandon(string problem)
    {
        // Its header passed the checksum, so its sequence is real: it was not missed, it was cut (counted once).
        SequenceSeen();
        string rescan;
        if (_buffer is null)
        {
            rescan = "its bytes were not kept (the source is closing)";
        }
        else
        {
            _replayFrom = MagicScanner.FirstOrTail(_buffer.AsSpan(0, _filled), PipeFrameFormat.HeaderMagicBytes);
            rescan = _replayFrom + PipeFrameFormat.HeaderMagicBytes.Length <= _filled
                ? $"rescanning them from a header magic at payload byte {_replayFrom}"
                : "no header magic among them";
        }
        stats.Reject(FrameRejectReason.Truncated, $"{problem}; {rescan}");
        _resyncing = true;
        _replayPending = true;
    }

    /// <summary>
    /// Rare path: puts the bytes a cut frame took as payload (from their first header magic on) back in front of
    /// <paramref name="unparsed"/>, the input after them, so the headers among them are parsed like fresh input —
    /// including one that straddles the end of the payload buffer and the bytes after it. The pipe is first-in
    /// first-out, so "in front" is: append those bytes, append a copy of the unparsed input, consume the original
    /// (still held by the current read). Costs a copy of up to one frame. The replayed bytes lie after the cut
    /// frame's header, so a chain of cut frames only moves forward.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Replay(Pipe pipe, ReadOnlySequence<byte> unparsed)
    {
        _replayPending = false;
        if (_buffer is not null)
        {
            Append(pipe.Writer, _buffer.AsSpan(_replayFrom, _filled - _replayFrom));
        }
        foreach (ReadOnlyMemory<byte> segment in unparsed)
        {
            Append(pipe.Writer, segment.Span);
        }
        _ = pipe.Writer.FlushAsync(); // never pauses; the reader is inline: completes synchronously
        if (!unparsed.IsEmpty) // else there was no read to complete (the payload had been read past the pipe)
        {
            pipe.Reader.AdvanceTo(unparsed.End);
        }
        ReleaseBuffer();
    }

    /// <summary>
    /// Rare path: every pooled buffer is leased out (drop-oldest mode; the queue counted the frame QueueFull).
    /// The frame is dropped either way, but its bytes are kept in a buffer of the reader's own: if it turns out
    /// cut short, the frames it swallowed are among them, and the consumer may have let buffers go by then.
    /// Allocated on first need, reused after (the frame size only grows it). Null while the source shuts down.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte[]? Spare(int bytes)
    {
        if (queue.IsClosed)
        {
            return null; // the payload is skipped
        }
        if (_spare is null || _spare.Length < bytes)
        {
            _spare = GC.AllocateUninitializedArray<byte>(bytes);
        }
        return _spare;
    }

    private static void Append(PipeWriter writer, ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            bytes.CopyTo(writer.GetSpan(bytes.Length)); // one segment for the lot
            writer.Advance(bytes.Length);
        }
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not null && _buffer != _spare)
        {
            queue.Unrent(_buffer);
        }
        _buffer = null;
    }

    /// <summary>At the end of the input: true when a frame was cut short by it (counted; its bytes await a replay).</summary>
    private bool EndOfStream(bool nothingBuffered)
    {
        if (_inPayload || _inTrailer)
        {
            Abandon(_inPayload
                ? $"frame {_frame.Sequence}: the stream ended {_payload - _filled} payload bytes short"
                : $"frame {_frame.Sequence}: the stream ended before its trailer");
            _inPayload = _inTrailer = false;
            return true;
        }
        if (!nothingBuffered && !_resyncing)
        {
            stats.Reject(FrameRejectReason.Truncated, "the stream ended inside a frame header");
        }
        return false;
    }
}
