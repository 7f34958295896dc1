using System.Net.Sockets;

namespace Onboard.Runtime.Frames.SharedMemory;

/// <summary>
/// The producer's end of one consumer's descriptor socket. The socket is non-blocking: when the consumer
/// does not read, the kernel buffer fills and descriptors are dropped for this consumer alone (it sees a
/// sequence gap) — the camera thread never waits. A send the kernel takes only part of keeps its tail in
/// <see cref="_pending"/> and finishes it before anything else, so the 64-byte framing never breaks.
/// Created and greeted on the accept thread; after it is published to the subscriber list only the camera
/// thread touches it.
/// </summary>
internal sealed class RingSubscriber(Socket socket) : IDisposable
{
    private readonly byte[] _pending = new byte[RingProtocol.MessageBytes];
    private int _pendingStart;
    private int _pendingEnd;

    /// <summary>Descriptors not sent to this consumer because its socket was full (camera thread writes, anyone reads).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    private long _dropped;

    /// <summary>Sends one message, or drops it when the socket is full. False when the consumer is gone.</summary>
    public bool TrySend(ReadOnlySpan<byte> message)
    {
        if (_pendingEnd > _pendingStart)
        {
            int sent = socket.Send(_pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart), SocketFlags.None, out SocketError error);
            if (error is not (SocketError.Success or SocketError.WouldBlock))
            {
                return false;
            }
            _pendingStart += sent;
            if (_pendingEnd > _pendingStart)
            {
                Interlocked.Increment(ref _dropped);
                return true;
            }
            _pendingStart = _pendingEnd = 0;
        }
        int n = socket.Send(message, SocketFlags.None, out SocketError status);
        if (status == SocketError.WouldBlock)
        {
            Interlocked.Increment(ref _dropped);
            return true;
        }
        if (status != SocketError.Success)
        {
            return false;
        }
        if (n < message.Length)
        {
            message[n..].CopyTo(_pending);
            _pendingStart = 0;
            _pendingEnd = message.Length - n;
        }
        return true;
    }

    public void Dispose() => socket.Dispose();
}
