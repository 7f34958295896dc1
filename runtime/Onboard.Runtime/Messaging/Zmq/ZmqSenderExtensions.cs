using Google.Protobuf;

namespace Onboard.Runtime.Messaging.Zmq;

/// <summary>
/// Conveniences over <see cref="IZmqSender"/>. None allocates managed memory: spans are copied into a
/// libzmq-owned frame, protobuf messages are serialised straight into one.
/// </summary>
/// <remarks>
/// Multipart atomicity: libzmq counts the high-water mark in whole messages, so once the first frame of a
/// message is queued the remaining frames are too; a subscriber receives all frames of a message or none.
/// These helpers therefore prepare every frame before queuing the first, so nothing can fail halfway.
/// </remarks>
internal static class ZmqSenderExtensions
{
    /// <summary>Sends a copy of <paramref name="frame"/>; false when it could not be queued without blocking.</summary>
    public static bool TrySend(this IZmqSender sender, ReadOnlySpan<byte> frame, bool more, bool dontWait = false)
    {
        var message = new ZmqMessage();
        try
        {
            message.Rebuild(frame);
            return sender.TrySend(ref message, more, dontWait);
        }
        finally
        {
            message.Dispose();
        }
    }

    /// <summary>Sends <c>[topic][payload]</c> as one two-frame message.</summary>
    public static bool TrySendMultipart(this IZmqSender sender, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, bool dontWait = false)
    {
        var first = new ZmqMessage();
        var second = new ZmqMessage();
        try
        {
            first.Rebuild(topic);
            second.Rebuild(payload);
            return sender.TrySend(ref first, more: true, dontWait) && sender.TrySend(ref second, more: false, dontWait);
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
    }

    /// <summary>
    /// Sends <c>[topic][protobuf payload]</c>, serialising <paramref name="payload"/> directly into the frame
    /// libzmq transmits. Returns the payload's size, or -1 when the message could not be queued without blocking.
    /// </summary>
    public static int TrySendProtobuf(this IZmqSender sender, ReadOnlySpan<byte> topic, IMessage payload, bool dontWait = false)
    {
        var first = new ZmqMessage();
        var second = new ZmqMessage();
        try
        {
            int size = payload.CalculateSize();
            second.Rebuild(size);
            payload.WriteTo(second.Data);
            first.Rebuild(topic);
            return sender.TrySend(ref first, more: true, dontWait) && sender.TrySend(ref second, more: false, dontWait) ? size : -1;
        }
        finally
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
