using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// The receive loop, on its own named thread: connect, read the hello, map the ring, parse descriptors;
/// reconnect when the producer goes. Blocking reads on a dedicated thread, not async continuations: a
/// starved thread pool elsewhere in the process must not delay frame announcements (it did, in tests, by
/// hundreds of milliseconds). The bytes still go through a <see cref="Pipe"/>, which pools the buffers and
/// hands the parser a <see cref="ReadOnlySequence{T}"/> whatever the read boundaries were.
/// </summary>
public sealed partial class ShmFrameSource
{
    private static readonly PipeOptions s_pipeOptions = new(
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 0, resumeWriterThreshold: 0, minimumSegmentSize: 4096, useSynchronizationContext: false);

    // Receive thread only: the mapping of the producer's current session (one reference held here), the
    // last sequence seen in it, and whether the parser is skipping garbage.
    private RingMapping? _ring;
    private SequenceTracker _sequence;
    private bool _resyncing;

    // The connected socket: set by the receive thread, closed by Dispose to end a blocking read.
    private volatile Socket? _socket;

    private void ReceiveLoop()
    {
        var endpoint = new UnixDomainSocketEndPoint(_options.SocketPath);
        try
        {
            while (!_disposed)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                _socket = socket;
                try
                {
                    if (_disposed)
                    {
                        return;
                    }
                    socket.Connect(endpoint);
                    ReadDescriptors(socket);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // No socket file yet, a stale one nobody listens on (the producer died), or a reset
                    // mid-stream: retry below.
                }
                finally
                {
                    _socket = null;
                    socket.Dispose();
                    _stats.Detached();
                }
                // Rare path (no producer): retry at the configured interval; Dispose wakes it at once.
                _stop.Token.WaitHandle.WaitOne(_options.ReconnectInterval);
            }
        }
        finally
        {
            _ring?.Release();
            _ring = null;
        }
    }

    private void ReadDescriptors(Socket socket)
    {
        _sequence.Reset();
        _resyncing = false;
        var pipe = new Pipe(s_pipeOptions);
        try
        {
            while (true)
            {
                Memory<byte> memory = pipe.Writer.GetMemory(RingProtocol.MessageBytes);
                int read = socket.Receive(memory.Span);
                if (read == 0)
                {
                    return; // the producer closed (or was killed: the kernel closed for it)
                }
                pipe.Writer.Advance(read);
                // Never pauses (pauseWriterThreshold 0) and the reader runs inline: completes synchronously.
                _ = pipe.Writer.FlushAsync();
                pipe.Reader.TryRead(out ReadResult result);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool keep = Consume(ref buffer);
                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (!keep)
                {
                    return;
                }
            }
        }
        finally
        {
            pipe.Writer.Complete();
            pipe.Reader.Complete();
        }
    }

    /// <summary>Parses every whole 64-byte message in <paramref name="buffer"/>; false when the connection must
    /// be dropped (its ring cannot be mapped). Leaves an incomplete tail in <paramref name="buffer"/>.</summary>
    private bool Consume(ref ReadOnlySequence<byte> buffer)
    {
        Span<byte> scratch = stackalloc byte[RingProtocol.MessageBytes];
        while (buffer.Length >= RingProtocol.MessageBytes)
        {
            scoped ReadOnlySpan<byte> message;
            if (buffer.FirstSpan.Length >= RingProtocol.MessageBytes)
            {
                message = buffer.FirstSpan[..RingProtocol.MessageBytes];
            }
            else
            {
                buffer.Slice(0, RingProtocol.MessageBytes).CopyTo(scratch);
                message = scratch;
            }
            FrameRejectReason? problem = RingProtocol.ReadKind(message, out RingMessageKind kind);
            if (problem == FrameRejectReason.BadMagic)
            {
                SkipToMagic(ref buffer);
                continue;
            }
            _resyncing = false;
            buffer = buffer.Slice(RingProtocol.MessageBytes);
            if (problem is { } reason)
            {
                _stats.Reject(reason, $"message kind {(ushort)kind}, version {message[4] | (message[5] << 8)}");
            }
            else if (kind == RingMessageKind.Hello)
            {
                if (!OnHello(RingProtocol.ReadHello(message)))
                {
                    return false;
                }
            }
            else
            {
                OnFrame(RingProtocol.ReadFrame(message));
            }
        }
        return true;
    }

    /// <summary>Rare path: the stream lost its framing. Counts one rejection per garbage run and skips to the
    /// next magic (keeping a tail that could be the start of one).</summary>
    private void SkipToMagic(ref ReadOnlySequence<byte> buffer)
    {
        if (!_resyncing)
        {
            _resyncing = true;
            _stats.Reject(FrameRejectReason.BadMagic, "descriptor stream lost its framing; skipping to the next magic");
        }
        MagicScanner.SkipToNext(ref buffer, RingProtocol.MagicBytes);
    }

    private bool OnHello(RingHello hello)
    {
        if (_ring is not null && _ring.Hello == hello)
        {
            _stats.Attached(); // the same producer, reconnected
            return true;
        }
        if (hello.SlotCount < 1 || hello.SlotCount > RingLayout.MaxSlots || hello.SlotCapacity < 1)
        {
            _stats.Reject(FrameRejectReason.RingUnavailable, $"hello announces {hello.SlotCount} slots of {hello.SlotCapacity} bytes");
            return false;
        }
        RingMapping mapping;
        try
        {
            mapping = RingMapping.Open(_options.RingPath, hello);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            _stats.Reject(FrameRejectReason.RingUnavailable, e.Message);
            return false;
        }
        _ring?.Release(); // frames still queued or leased from the old session hold their own references
        _ring = mapping;
        _sequence.Reset();
        _stats.SessionStarted(hello.SessionId);
        _stats.Attached();
        return true;
    }

    private void OnFrame(in FrameDescriptor frame)
    {
        RingMapping? ring = _ring;
        if (ring is null)
        {
            _stats.Reject(FrameRejectReason.NoSession, $"frame {frame.Sequence} before the producer's hello");
            return;
        }
        if (frame.SessionId != ring.Hello.SessionId)
        {
            _stats.Reject(FrameRejectReason.WrongSession, $"frame {frame.Sequence} of session {frame.SessionId:x16}, current {ring.Hello.SessionId:x16}");
            return;
        }
        if ((uint)frame.Slot >= (uint)ring.Hello.SlotCount)
        {
            _stats.Reject(FrameRejectReason.SlotOutOfRange, $"frame {frame.Sequence} in slot {frame.Slot}, the ring has {ring.Hello.SlotCount}");
            return;
        }
        if (FrameGeometry.Check(frame.Format, frame.Width, frame.Height, frame.Stride, ring.Hello.SlotCapacity, out long bytes) is { } problem)
        {
            _stats.Reject(problem, $"frame {frame.Sequence}: format {(int)frame.Format} {frame.Width}x{frame.Height} stride {frame.Stride} ({bytes} bytes) in a {ring.Hello.SlotCapacity}-byte slot");
            return;
        }
        long skipped = _sequence.Advance(frame.SessionId, frame.Sequence);
        if (skipped > 0)
        {
            _stats.Drop(FrameDropReason.Missed, skipped);
        }
        _stats.FrameArrived(frame.Sequence);
        ring.AddReference(); // owned by the queue entry, then by the lease
        Enqueue(new PendingFrame(frame, ring, (int)bytes));
    }
}
