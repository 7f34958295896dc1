namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>Conveniences over <see cref="IZmqReceiver"/>; none allocates managed memory.</summary>
public static class ZmqReceiverExtensions
{
    /// <summary>
    /// Receives one frame into <paramref name="destination"/>. Returns the frame's full size (which may
    /// exceed the destination: the copy is then truncated), or -1 when nothing arrived in time.
    /// <paramref name="more"/> says whether another frame of the same message follows.
    /// </summary>
    public static int Receive(this IZmqReceiver receiver, Span<byte> destination, out bool more, bool dontWait = false)
    {
        var message = new ZmqMessage();
        try
        {
            if (!receiver.TryReceive(ref message, dontWait))
            {
                more = false;
                return -1;
            }
            Span<byte> data = message.Data;
            data[..Math.Min(data.Length, destination.Length)].CopyTo(destination);
            more = message.More;
            return data.Length;
        }
        finally
        {
            message.Dispose();
        }
    }

    /// <summary>
    /// Discards the rest of a multipart message whose last received frame was <paramref name="message"/>,
    /// so that a malformed message (extra frames) cannot shift the next one. Returns the frames skipped.
    /// </summary>
    public static int SkipRemainingFrames(this IZmqReceiver receiver, ref ZmqMessage message)
    {
        int skipped = 0;
        // The remaining frames of a message are already queued (libzmq delivers messages whole), so this never waits.
        while (message.More && receiver.TryReceive(ref message, dontWait: true))
        {
            skipped++;
        }
        return skipped;
    }
}
